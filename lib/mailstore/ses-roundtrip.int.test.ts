import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ContextMismatchError } from '@/lib/envelope/errors';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { integrationSet } from '@/scripts/corpus/generate';
import { kmsClient, s3Client } from './aws-clients';
import { listMail } from './listing';
import { s3Source, type MailSource } from './mail-source';
import { readMessage } from './message';
import { deliver, ensureSetupNotification } from './ses-simulator';
import { runCli } from './cli-runner';
import { useMoto } from './test-env';

// SES → S3 → Sesame against moto: the simulator writes what SES writes, and both the library and
// `sesame cat` read every message back byte-identical.

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let moto: ReturnType<typeof useMoto>;
let dir: string;
const corpus = integrationSet({ baseDate: new Date('2026-11-02T10:00:00Z') });
const byHash = new Map(corpus.map((m) => [sha(m.eml), m.name]));

function source(prefix: string): MailSource {
  return s3Source({ id: 't', bucket: moto.bucket, prefix }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: 'test' });
}

beforeAll(async () => {
  moto = useMoto();
  dir = await mkdtemp(path.join(tmpdir(), 'sesame-int-'));
  for (const m of corpus) await writeFile(path.join(dir, `${m.name}.eml`), m.eml);
  const sim = await runCli(['simulate-ses', '--to', `s3://${moto.bucket}/mail/`, '--kms-key', moto.keyAlias, '--rule-name', 'inbound-rule', dir]);
  expect(sim.code, sim.stderr).toBe(0);
  const plain = await runCli(['simulate-ses', '--to', `s3://${moto.bucket}/plain/`, '--plain', path.join(dir, 'plain-hello.eml')]);
  expect(plain.code, plain.stderr).toBe(0);
  return () => rm(dir, { recursive: true, force: true });
}, 180_000);

describe('simulate-ses → S3 (moto) → read back', () => {
  it('stores SES-shaped objects with SES message ids and one setup notification', async () => {
    const listing = await listMail(source('mail/'));
    expect(listing.messages).toHaveLength(corpus.length);
    for (const o of listing.messages) expect(o.key).toMatch(/^mail\/[0-9a-v]{28}$/);
    const notice = await source('mail/').store.getIfExists('mail/AMAZON_SES_SETUP_NOTIFICATION');
    expect(notice?.body.toString()).toMatch(/Amazon SES has successfully set up/);
    const obj = await source('mail/').store.get(listing.messages[0]!.key);
    const md = JSON.parse(obj.metadata['x-amz-matdesc']!) as Record<string, string>;
    expect(Object.keys(md)).toEqual(['aws:ses:message-id', 'aws:ses:rule-name', 'aws:ses:source-account', 'kms_cmk_id']);
    expect(md['aws:ses:message-id']).toBe(listing.messages[0]!.key.slice('mail/'.length));
    expect(md['aws:ses:rule-name']).toBe('inbound-rule');
    expect(md['aws:ses:source-account']).toBe('123456789012');
    expect(md['kms_cmk_id']).toBe(`arn:aws:kms:us-east-1:123456789012:${moto.keyAlias}`);
    expect(obj.metadata['x-amz-wrap-alg']).toBe('kms');
  });

  it('reads every message back byte-identical through the library', async () => {
    const src = source('mail/');
    const seen = new Set<string>();
    for (const o of (await listMail(src)).messages) {
      const { raw, info } = await readMessage(src, o.key.slice('mail/'.length));
      expect(info.encrypted).toBe(true);
      const name = byHash.get(sha(raw));
      expect(name, `object ${o.key} matches no original`).toBeDefined();
      seen.add(name!);
    }
    expect(seen.size).toBe(corpus.length);
    expect(corpus.some((m) => m.eml.length > 12_000_000)).toBe(true);
  });

  it('reads every message back byte-identical through `sesame cat`, and --headers gives the header block', async () => {
    for (const o of (await listMail(source('mail/'))).messages) {
      const out = await runCli(['cat', `s3://${moto.bucket}/${o.key}`]);
      expect(out.code, out.stderr).toBe(0);
      expect(byHash.has(sha(out.stdout))).toBe(true);
    }
    const first = (await listMail(source('mail/'))).messages[0]!;
    const headers = await runCli(['cat', '--headers', `s3://${moto.bucket}/${first.key}`]);
    expect(headers.stdout.toString()).toMatch(/^Return-Path: .*\r\n[\s\S]*\r\n\r\n$/);
    expect(headers.stdout.toString()).not.toMatch(/\r\n\r\n[\s\S]/);
  });

  it('`sesame ls` lists newest first with from, subject and the encryption state', async () => {
    const out = await runCli(['ls', '--json', `s3://${moto.bucket}/mail/`]);
    expect(out.code, out.stderr).toBe(0);
    const rows = out.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { key: string; date: string; from: string; subject: string; encrypted: boolean });
    expect(rows).toHaveLength(corpus.length);
    expect(rows.every((r) => r.encrypted && r.from.includes('@') && !r.key.includes('AMAZON_SES'))).toBe(true);
    const dates = rows.map((r) => r.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    const text = await runCli(['ls', `s3://${moto.bucket}/plain/`]);
    expect(text.stdout.toString()).toMatch(/\tplain\n$/);
  });

  it('plain-rule objects are passed through, marked unencrypted', async () => {
    const src = source('plain/');
    const [o] = (await listMail(src)).messages;
    const { raw, info } = await readMessage(src, o!.key.slice('plain/'.length));
    expect(info.encrypted).toBe(false);
    expect(byHash.get(sha(raw))).toBe('plain-hello');
  });

  it('an encrypted key made under another context gives the context error', async () => {
    const src = source('ctx/');
    const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
    const writer = { store: src.store, prefix: 'ctx/', ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn };
    await ensureSetupNotification(writer);
    const { key } = await deliver(writer, corpus[0]!.eml);
    const obj = await src.store.get(key);
    const other = await kmsClient({ region: 'us-east-1' }).send(
      new GenerateDataKeyCommand({ KeyId: moto.keyId, KeySpec: 'AES_256', EncryptionContext: { 'aws:ses:message-id': 'someotherid' } }),
    );
    const metadata = { ...obj.metadata, 'x-amz-key-v2': Buffer.from(other.CiphertextBlob!).toString('base64') };
    await s3Client({ region: 'us-east-1', forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: moto.bucket, Key: key, Body: obj.body, Metadata: metadata }),
    );
    await expect(readMessage(src, key.slice('ctx/'.length))).rejects.toBeInstanceOf(ContextMismatchError);
    const cli = await runCli(['cat', `s3://${moto.bucket}/${key}`]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^sesame: The message's encryption context does not match/);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
  });
});
