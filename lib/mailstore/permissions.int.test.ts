import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsAccessDeniedError } from '@/lib/envelope/errors';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { integrationSet } from '@/scripts/corpus/generate';
import { kmsClient } from './aws-clients';
import { runCli } from './cli-runner';
import { s3Source } from './mail-source';
import { readMessage } from './message';
import { deliver } from './ses-simulator';
import { StoreError } from './store-errors';
import { useMoto } from './test-env';

// IAM decides: with moto's IAM enforcement switched on, a person without s3:GetObject or without
// kms:Decrypt gets a clear typed error naming the missing permission, never a crash.

let moto: ReturnType<typeof useMoto>;
let messageId: string;
const users: Record<string, { accessKeyId: string; secretAccessKey: string }> = {};

async function makeUser(iam: IAMClient, name: string, actions: string[]) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'reader',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  users[name] = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

async function setAuth(mode: '0' | 'inf') {
  const res = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: mode });
  expect(res.ok).toBe(true);
}

const sourceAs = (name: string) =>
  s3Source({ id: 'p', bucket: moto.bucket, prefix: 'perm/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { credentials: users[name], scope: name });

beforeAll(async () => {
  moto = useMoto();
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  // Written with moto's default (admin) credentials before enforcement is switched on.
  const src = sourceAs('admin');
  const rule = { store: src.store, prefix: 'perm/', ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn };
  ({ messageId } = await deliver(rule, integrationSet({ baseDate: new Date(), includeLarge: false })[0]!.eml));
  const iam = new IAMClient({ region: 'us-east-1' });
  await makeUser(iam, 'full', ['s3:ListBucket', 's3:GetObject', 'kms:Decrypt']);
  await makeUser(iam, 'no-get', ['s3:ListBucket', 'kms:Decrypt']);
  await makeUser(iam, 'no-decrypt', ['s3:ListBucket', 's3:GetObject']);
  await setAuth('0');
});

afterAll(async () => {
  await setAuth('inf');
});

describe('reading without permission (moto IAM enforcement on)', () => {
  it('a person with every permission reads the message', async () => {
    const { info } = await readMessage(sourceAs('full'), messageId);
    expect(info.encrypted).toBe(true);
  });

  it('no s3:GetObject: a clear access-denied error naming the permission (the object only for operators)', async () => {
    const err = await readMessage(sourceAs('no-get'), messageId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('access-denied');
    // What a reader sees names the permission, never the bucket or the key.
    expect((err as Error).message).toContain('s3:GetObject');
    expect((err as Error).message).not.toContain(moto.bucket);
    expect((err as Error).message).not.toContain(messageId);
    expect((err as StoreError).detail).toContain(`s3://${moto.bucket}/perm/${messageId}`);
  });

  it('no kms:Decrypt: the KMS access-denied error naming the key and kms:Decrypt', async () => {
    const err = await readMessage(sourceAs('no-decrypt'), messageId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsAccessDeniedError);
    expect((err as Error).message).toContain('kms:Decrypt');
    expect((err as Error).message).toContain(moto.keyArn);
  });

  it('`sesame cat` says so in one line on stderr and exits non-zero', async () => {
    const out = await runCli(['cat', `s3://${moto.bucket}/perm/${messageId}`], {
      AWS_ACCESS_KEY_ID: users['no-get']!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: users['no-get']!.secretAccessKey,
    });
    expect(out.code).toBe(1);
    expect(out.stdout.length).toBe(0);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^sesame: Your role may not read s3:\/\/.*: it needs s3:GetObject/);
  });
});
