import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { Inbox } from '@/lib/mailstore/inbox';
import { runCli } from '@/lib/mailstore/cli-runner';
import { mapBounded } from '@/lib/mailstore/listing';
import { s3Source, type MailSource } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { useMoto } from '@/lib/mailstore/test-env';
import { pgDump } from '@/scripts/bench/postgres.mjs';
import { s3Config } from '@/scripts/bench/seed-aws.mjs';
import { generateCorpus } from '@/scripts/corpus/generate';
import { startAwsProxy } from '@/scripts/faults/aws-proxy.mjs';
import { openPostgres, type IndexDb } from './db';
import { IndexEngine, NOTICES } from './engine';
import { openOrCreateIndexKey } from './index-key';
import { progressOf } from './indexer';

// The index on moto (S3, KMS) and a real PostgreSQL started by the global setup: two Sesame
// processes sharing one index, a restart, KMS throttling during a build, the index key refused,
// an object deleted, and a pg_dump that holds no mail in clear.

const COUNT = 30;
let moto: ReturnType<typeof useMoto>;
const pg = inject('postgres');
const dbs: IndexDb[] = [];
const corpus = generateCorpus({ baseDate: new Date(), includeLarge: false });

interface KmsCount {
  messageDecrypts: number;
  indexDecrypts: number;
  generates: number;
  throttled: number;
}

/** A KMS client that counts what Sesame asks of it (per logical call, not per SDK retry). */
function countingKms(real: Pick<KMSClient, 'send'>, count: KmsCount, deny?: (input: { EncryptionContext?: Record<string, string> }) => boolean, delayMs = 0): Pick<KMSClient, 'send'> {
  return {
    send: (async (command: { constructor: { name: string }; input: { EncryptionContext?: Record<string, string> } }) => {
      const index = command.input.EncryptionContext?.['sesame:index'] !== undefined;
      if (delayMs && !index) await new Promise((r) => setTimeout(r, delayMs));
      if (deny?.(command.input)) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      try {
        const out = await real.send(command as never);
        if (command.constructor.name === 'DecryptCommand') count[index ? 'indexDecrypts' : 'messageDecrypts']++;
        if (command.constructor.name === 'GenerateDataKeyCommand') count.generates++;
        return out;
      } catch (err) {
        if ((err as { name?: string }).name === 'ThrottlingException') count.throttled++;
        throw err;
      }
    }) as KMSClient['send'],
  };
}

function source(prefix: string, count: KmsCount, opts: { person?: string; scope?: string; deny?: Parameters<typeof countingKms>[2]; kmsDelayMs?: number } = {}): MailSource {
  const base = s3Source({ id: 'idx', bucket: moto.bucket, prefix }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: opts.scope ?? 'server' });
  const kms = countingKms(kmsClient({ region: 'us-east-1' }), count, opts.deny, opts.kmsDelayMs);
  return { ...base, keyring: new KmsKeyring(kms), indexKeyring: (hint) => new KmsKeyring(kms, { keyId: hint }), person: opts.person };
}

const counter = (): KmsCount => ({ messageDecrypts: 0, indexDecrypts: 0, generates: 0, throttled: 0 });

async function engineOnPostgres(): Promise<IndexEngine> {
  const db = await openPostgres(pg.url, { max: 6 });
  dbs.push(db);
  return new IndexEngine({ open: async () => db, concurrency: 4 });
}

async function seed(prefix: string, n: number): Promise<string[]> {
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  const rule = { store: source(prefix, counter()).store, prefix, ruleName: 'inbound', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn };
  return (await mapBounded(corpus.slice(0, n), 6, (m) => deliver(rule, m.eml, { receivedAt: m.receivedAt }))).map((d) => d.messageId);
}

beforeAll(async () => {
  moto = useMoto();
  await seed('idx/', COUNT);
}, 180_000);

afterAll(async () => {
  for (const db of dbs) await db.close().catch(() => undefined);
});

describe('the mailbox index on PostgreSQL and moto', () => {
  it('two processes sharing one index decrypt each message once between them', async () => {
    const [a, b] = await Promise.all([engineOnPostgres(), engineOnPostgres()]);
    const ca = counter();
    const cb = counter();
    // KMS answers slowly (200 ms), as under load: neither process can take the whole mailbox
    // before the other starts, so both must share it.
    const sa = source('idx/', ca, { scope: 'replica-a', kmsDelayMs: 200 });
    const sb = source('idx/', cb, { scope: 'replica-b', kmsDelayMs: 200 });
    await Promise.all([a.build(sa), b.build(sb)]);
    expect(ca.messageDecrypts + cb.messageDecrypts).toBe(COUNT);
    expect(ca.messageDecrypts).toBeGreaterThan(0);
    expect(cb.messageDecrypts).toBeGreaterThan(0);
    // Both may race to make the index key; one row wins and both use it.
    const keys = await dbs[0]!.query('SELECT scope FROM index_keys');
    expect(keys.rows).toHaveLength(1);
    expect(await progressOf(dbs[0]!, `${moto.bucket}/idx/`)).toEqual({ indexed: COUNT, failed: 0, total: COUNT });
  }, 180_000);

  it('after a restart, the first page costs one KMS call (the index key) and no message decrypts', async () => {
    const engine = await engineOnPostgres();
    const c = counter();
    const s = source('idx/', c, { scope: 'after-restart', person: 'sub-1' });
    const page = await new Inbox({ concurrency: 4, cacheSize: 10, index: () => engine }).page(s, { page: 1, pageSize: 25 });
    expect(page.items).toHaveLength(25);
    expect(page.items.every((i) => i.read === false && !i.problem)).toBe(true);
    expect(page.index).toEqual({ state: 'ready', indexed: COUNT, failed: 0, total: COUNT });
    expect(c).toEqual({ messageDecrypts: 0, indexDecrypts: 1, generates: 0, throttled: 0 });
  }, 60_000);

  it('shows a person whose role may not unwrap the index key no rows from the index', async () => {
    const engine = await engineOnPostgres();
    const c = counter();
    const s = source('idx/', c, { scope: 'denied', deny: (input) => input.EncryptionContext?.['sesame:index'] !== undefined });
    const page = await new Inbox({ concurrency: 4, cacheSize: 10, index: () => engine }).page(s, { page: 1, pageSize: 10 });
    expect(page.index).toMatchObject({ state: 'unavailable', notice: NOTICES.denied });
    // Rows came from their own direct reads (IAM decides those), none from the index.
    expect(page.items.every((i) => i.read === undefined)).toBe(true);
    expect(c.messageDecrypts).toBe(10);
    expect(c.indexDecrypts).toBe(0);
  }, 60_000);

  it('indexes through KMS throttling, backing off, each message decrypted once', async () => {
    await seed('thr/', 12);
    // The index key exists already (made before the throttling starts): every KMS call counted
    // below is a message's, so "decrypted once" is exact.
    const keyDb = await openPostgres(pg.url, { max: 1 });
    dbs.push(keyDb);
    const maker = source('thr/', counter(), { scope: 'key-maker' });
    await openOrCreateIndexKey(keyDb, { scope: `${moto.bucket}/thr/`, keyring: maker.keyring, generator: () => maker.indexKeyring!(moto.keyId) });
    const proxy = await startAwsProxy({ target: moto.endpoint, faults: { rate: 0.5, kinds: ['throttle'], services: ['kms'] }, seed: 7 });
    process.env.AWS_ENDPOINT_URL_KMS = proxy.endpoint;
    try {
      const engine = await engineOnPostgres();
      const c = counter();
      const s = { ...source('thr/', c, { scope: 'throttled' }) };
      const deadline = Date.now() + 90_000;
      for (;;) {
        await engine.build(s);
        const p = await progressOf(dbs.at(-1)!, `${moto.bucket}/thr/`);
        if (p.indexed === 12 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(await progressOf(dbs.at(-1)!, `${moto.bucket}/thr/`)).toMatchObject({ indexed: 12 });
      expect(proxy.stats.injected.throttle).toBeGreaterThan(3);
      expect(c.messageDecrypts).toBe(12);
    } finally {
      process.env.AWS_ENDPOINT_URL_KMS = moto.endpoint;
      await proxy.stop();
    }
  }, 150_000);

  it('drops a deleted object from the index', async () => {
    const engine = await engineOnPostgres();
    const s = source('idx/', counter(), { scope: 'delete' });
    const inbox = new Inbox({ concurrency: 4, cacheSize: 10, index: () => engine });
    const before = await inbox.listing(s, true);
    const victim = before.messages[0]!.key;
    await new S3Client(s3Config(moto.endpoint)).send(new DeleteObjectCommand({ Bucket: moto.bucket, Key: victim }));
    await engine.build(s);
    const left = await dbs.at(-1)!.query('SELECT key FROM messages WHERE key = $1', [victim]);
    expect(left.rows).toHaveLength(0);
    expect((await progressOf(dbs.at(-1)!, `${moto.bucket}/idx/`)).total).toBe(COUNT - 1);
  }, 60_000);

  it('sesame index builds a mailbox offline with the operator\'s credentials', async () => {
    await seed('cli/', 5);
    const r = await runCli(['index', `s3://${moto.bucket}/cli/`], { ...moto.env, SESAME_INDEX_URL: pg.url });
    expect(r.stderr).toContain('indexed [##############################] 5 of 5 (100 %)');
    expect(JSON.parse(r.stdout.toString())).toMatchObject({ mailbox: `s3://${moto.bucket}/cli/`, messages: 5, indexed: 5, failed: 0 });
    expect(r.code).toBe(0);
    // The server then serves those rows without a message decrypt.
    const engine = await engineOnPostgres();
    const c = counter();
    const page = await new Inbox({ concurrency: 4, cacheSize: 10, index: () => engine }).page(source('cli/', c, { scope: 'after-cli' }), { page: 1, pageSize: 25 });
    expect(page.items).toHaveLength(5);
    expect(c.messageDecrypts).toBe(0);
  }, 120_000);

  it('leaves no subject, address or body word in a pg_dump', async () => {
    const dump = (await pgDump(pg as never)).toLowerCase();
    expect(dump).toContain('insert into public.messages');
    const words = new Set<string>();
    for (const m of corpus.slice(0, COUNT)) {
      const text = m.eml.toString('utf8');
      const subject = /^Subject: ([^\r\n]+)/m.exec(text)?.[1] ?? '';
      const from = /^From: [^\r\n]*<([^>\r\n]+)>/m.exec(text)?.[1];
      for (const w of subject.toLowerCase().split(/[^a-z]+/)) if (w.length >= 7) words.add(w);
      if (from) words.add(from.toLowerCase());
    }
    expect(words.size).toBeGreaterThan(10);
    for (const w of words) expect(dump, w).not.toContain(w);
  }, 60_000);
});
