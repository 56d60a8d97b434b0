import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIdp } from '@/e2e/idp/server.mjs';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { runCli } from '@/lib/mailstore/cli-runner';
import { s3Source } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { useMoto } from '@/lib/mailstore/test-env';
import { integrationSet } from '@/scripts/corpus/generate';

// `sesame doctor` against moto (IAM enforcement on) and the local IdP: what works, and the exact
// statement that is missing.

let moto: ReturnType<typeof useMoto>;
let idp: Awaited<ReturnType<typeof startIdp>>;
const keys: Record<string, { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string }> = {};

async function user(iam: IAMClient, name: string, actions: string[]) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }) }),
  );
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  keys[name] = { AWS_ACCESS_KEY_ID: k.AccessKeyId!, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey! };
}

const env = () => ({
  SESAME_MAILBOXES: JSON.stringify([{ id: 'support', label: 'Support', bucket: moto.bucket, prefix: 'doctor/' }]),
  SESAME_CREDENTIALS_MODE: 'server',
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'x',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: '0123456789abcdef0123',
  SESAME_INDEX_URL: inject('postgres').url,
});

beforeAll(async () => {
  moto = useMoto();
  idp = await startIdp({ port: 0 });
  const src = s3Source({ id: 'support', bucket: moto.bucket, prefix: 'doctor/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: 'w' });
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  await deliver({ store: src.store, prefix: 'doctor/', ruleName: 'support-rule', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn }, integrationSet({ baseDate: new Date(), includeLarge: false })[0]!.eml);
  const iam = new IAMClient({ region: 'us-east-1' });
  await user(iam, 'doctor-ok', ['s3:ListBucket', 's3:GetObject', 'kms:Decrypt', 'kms:GenerateDataKey']);
  await user(iam, 'doctor-no-decrypt', ['s3:ListBucket', 's3:GetObject']);
  await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
});

afterAll(async () => {
  await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: 'inf' });
  await idp?.close();
});

describe('sesame doctor', () => {
  it('reports every check ok for a role with the right permissions', async () => {
    const out = await runCli(['doctor'], { ...env(), ...keys['doctor-ok']! });
    const text = out.stdout.toString();
    expect(out.code, text + out.stderr).toBe(0);
    expect(text).toMatch(/ok\s+IdP discovery/);
    expect(text).toMatch(/ok\s+s3:ListBucket/);
    expect(text).toMatch(/ok\s+s3:GetObject: doctor\//);
    expect(text).toMatch(/ok\s+kms:Decrypt: decrypted with .* \(rule support-rule\)/);
    expect(text).toMatch(/ok\s+index database: PostgreSQL: migrations applied/);
    expect(text).toMatch(/ok\s+index key \(kms:GenerateDataKey, sesame:index\): no index key yet/);
  });

  it('names the missing kms:Decrypt statement with the rule-name condition', async () => {
    const out = await runCli(['doctor'], { ...env(), ...keys['doctor-no-decrypt']! });
    const text = out.stdout.toString();
    expect(out.code).toBe(1);
    expect(text).toMatch(/MISSING kms:Decrypt/);
    expect(text).toContain(`"Action":"kms:Decrypt","Resource":"${moto.keyArn}"`);
    expect(text).toContain('"kms:EncryptionContext:aws:ses:rule-name":"support-rule"');
  });

  it('names each invalid setting', async () => {
    const out = await runCli(['doctor'], { ...env(), SESAME_MAILBOXES: '', NEXTAUTH_URL: 'nope' });
    expect(out.code).toBe(1);
    expect(out.stdout.toString()).toMatch(/MISSING SESAME_MAILBOXES: /);
    expect(out.stdout.toString()).toMatch(/MISSING NEXTAUTH_URL: /);
  });
});
