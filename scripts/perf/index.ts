// The mailbox index with N SES-encrypted messages in moto and a real PostgreSQL (default 20,000;
// SESAME_BENCH_INDEX_MESSAGES): build time against the floor of the same GET + KMS Decrypt calls
// at the same concurrency, KMS Decrypts per message, the first page after a restart and its KMS
// calls, two replicas sharing one index, warm full-text search p50/p99, RSS.
import { createDecipheriv } from 'node:crypto';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { openPostgres, type IndexDb } from '@/lib/index/db';
import { IndexEngine } from '@/lib/index/engine';
import { wordsOf } from '@/lib/index/words';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { Inbox } from '@/lib/mailstore/inbox';
import { mapBounded } from '@/lib/mailstore/listing';
import { s3Source, type MailSource } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { startPostgres } from '../bench/postgres.mjs';
import { generateCorpus } from '../corpus/generate';
import { fmt, table } from './report';

const CONCURRENCY = 8;
const PREFIX = 'bench-index/';

interface Count {
  decrypts: number;
  indexKey: number;
}

function counted(region: string, count: Count): Pick<KMSClient, 'send'> {
  const real = kmsClient({ region });
  return {
    send: (async (command: { constructor: { name: string }; input: { EncryptionContext?: Record<string, string> } }) => {
      const out = await real.send(command as never);
      if (command.constructor.name === 'DecryptCommand') count[command.input.EncryptionContext?.['sesame:index'] ? 'indexKey' : 'decrypts']++;
      return out;
    }) as KMSClient['send'],
  };
}

function sourceFor(bucket: string, region: string, count: Count, scope: string): MailSource {
  const base = s3Source({ id: 'bench', bucket, prefix: PREFIX }, { region, forcePathStyle: true, allowLegacyCbc: false }, { scope });
  const kms = counted(region, count);
  return { ...base, keyring: new KmsKeyring(kms), indexKeyring: (hint) => new KmsKeyring(kms, { keyId: hint }), person: 'bench-person' };
}

async function bareList(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (!o.Key!.endsWith('NOTIFICATION')) keys.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function bareGetDecrypt(s3: S3Client, kms: KMSClient, bucket: string, key: string): Promise<number> {
  const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await obj.Body!.transformToByteArray());
  const md = obj.Metadata!;
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(md['x-amz-key-v2']!, 'base64'), EncryptionContext: JSON.parse(md['x-amz-matdesc']!) }));
  const d = createDecipheriv('aes-256-gcm', out.Plaintext!, Buffer.from(md['x-amz-iv']!, 'base64'));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).length;
}

const mb = (n: number) => `${fmt(n / 1048576, 0)} MB`;
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

export async function indexBench(moto: { bucket: string; keyId: string }, opts: { messages: number }): Promise<void> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const pg = await startPostgres();
  const dbs: IndexDb[] = [];
  const engine = async () => {
    const db = await openPostgres(pg.url, { max: CONCURRENCY + 4 });
    dbs.push(db);
    return { db, engine: new IndexEngine({ open: async () => db, concurrency: CONCURRENCY }) };
  };
  try {
    const writer = new KmsKeyring(kmsClient({ region }), { keyId: moto.keyId });
    const seedSource = sourceFor(moto.bucket, region, { decrypts: 0, indexKey: 0 }, 'seed');
    const rule = { store: seedSource.store, prefix: PREFIX, ruleName: 'bench', sourceAccount: '123456789012', keyring: writer, kmsKeyId: moto.keyId };
    const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false });
    const t0 = Date.now();
    await mapBounded(Array.from({ length: opts.messages }, (_, i) => i), 6, async (i) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await deliver(rule, corpus[i % corpus.length]!.eml);
        } catch (err) {
          if (attempt >= 4) throw err;
        }
      }
    });
    process.stdout.write(`\n(seeded ${opts.messages} messages into moto in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

    // Build against the floor: the same listing, GETs and KMS Decrypts, made directly.
    const s3 = new S3Client({ region, forcePathStyle: true });
    const kms = new KMSClient({ region });
    let t = performance.now();
    const keys = await bareList(s3, moto.bucket);
    await mapBounded(keys, CONCURRENCY, (k) => bareGetDecrypt(s3, kms, moto.bucket, k));
    const floor = performance.now() - t;
    const rssBefore = process.memoryUsage().rss;
    const a = await engine();
    const buildCount = { decrypts: 0, indexKey: 0 };
    const src = sourceFor(moto.bucket, region, buildCount, 'build');
    t = performance.now();
    await a.engine.build(src);
    const build = performance.now() - t;
    const rssAfter = process.memoryUsage().rss;
    table(`Index build, ${opts.messages} messages (concurrency ${CONCURRENCY}, PostgreSQL ${pg.bin.split('/').at(-2)})`, ['build', 'floor (list + GET + Decrypt each)', 'ratio', 'KMS Decrypts per message (aim 1)'], [
      [`${fmt(build / 1000, 1)} s`, `${fmt(floor / 1000, 1)} s`, fmt(build / floor, 2), fmt(buildCount.decrypts / opts.messages, 3)],
    ]);

    // After a restart: a new process (engine, pool, caches) shows its first page.
    const restarted = await engine();
    const restartCount = { decrypts: 0, indexKey: 0 };
    const fresh = sourceFor(moto.bucket, region, restartCount, 'restart');
    const inbox = new Inbox({ concurrency: CONCURRENCY, cacheSize: 1000, index: () => restarted.engine });
    t = performance.now();
    const first = await inbox.page(fresh, { page: 1, pageSize: 50 });
    const firstPage = performance.now() - t;
    if (first.index?.state !== 'ready') throw new Error(`index not ready after build: ${JSON.stringify(first.index)}`);
    t = performance.now();
    await bareList(s3, moto.bucket);
    const listFloor = performance.now() - t;
    table('First page after a restart', ['first page', 'bare listing floor', 'ratio', 'KMS calls (aim 0 for rows)'], [
      [`${fmt(firstPage, 0)} ms`, `${fmt(listFloor, 0)} ms`, fmt(firstPage / listFloor, 2), `${restartCount.decrypts} message Decrypts, ${restartCount.indexKey} index-key Decrypt`],
    ]);

    // Warm full-text search over the blind index: words from the corpus's bodies.
    const vocabulary = [...wordsOf(corpus.map((m) => m.eml.toString('latin1')).join(' '))].filter((w) => w.length >= 5).slice(0, 400);
    const times: number[] = [];
    await inbox.page(fresh, { page: 1, pageSize: 50, query: vocabulary[0] });
    for (let i = 0; i < 200; i++) {
      const word = vocabulary[(i * 7919) % vocabulary.length]!;
      t = performance.now();
      await inbox.page(fresh, { page: 1, pageSize: 50, query: i % 4 === 3 ? `${word} -has:attachment` : word });
      times.push(performance.now() - t);
    }
    table(`Warm search over ${opts.messages} messages (200 queries)`, ['p50 (aim <= 50 ms)', 'p99', 'RSS before build', 'RSS after build'], [
      [`${fmt(pct(times, 50), 1)} ms`, `${fmt(pct(times, 99), 1)} ms`, mb(rssBefore), mb(rssAfter)],
    ]);

    // Two replicas on one PostgreSQL, from an empty index.
    await a.db.query('DELETE FROM messages');
    await a.db.query('DELETE FROM index_keys');
    await a.db.query('DELETE FROM mailbox_sync');
    const [r1, r2] = await Promise.all([engine(), engine()]);
    const c1 = { decrypts: 0, indexKey: 0 };
    const c2 = { decrypts: 0, indexKey: 0 };
    const s1 = sourceFor(moto.bucket, region, c1, 'replica-1');
    const s2 = sourceFor(moto.bucket, region, c2, 'replica-2');
    t = performance.now();
    await Promise.all([r1.engine.build(s1), r2.engine.build(s2)]);
    const both = performance.now() - t;
    table('Two replicas building one index', ['message Decrypts, replica 1', 'replica 2', 'total (aim = messages)', 'messages', 'time'], [
      [String(c1.decrypts), String(c2.decrypts), String(c1.decrypts + c2.decrypts), String(opts.messages), `${fmt(both / 1000, 1)} s`],
    ]);
  } finally {
    for (const db of dbs) await db.close().catch(() => undefined);
    await pg.stop();
  }
}
