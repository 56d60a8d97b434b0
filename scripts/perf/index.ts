// The mailbox index with N SES-encrypted messages in moto and a real PostgreSQL (default 20,000;
// SESAME_BENCH_INDEX_MESSAGES), measured at two mailbox sizes in one run (N/4, then N: the same
// bucket, grown) so that every figure shows what grows with the mailbox:
//   build time against the floor of the same GET + KMS Decrypt calls at the same concurrency,
//   KMS Decrypts per message, the first page of a restarted server against the bare listing and
//   its KMS calls, warm full-text search p50/p99 (searches during which a background listing merge ended, apart), the serving
//   side's RSS and heap after a full GC, the index's size in PostgreSQL; at N, two replicas
//   building one index; then the paper figures for 100,000 messages, extrapolated.
// The serving side runs in child processes (scripts/perf/index-child.ts): their memory is the
// server's alone, and "after a restart" is a new process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { openPostgres, type IndexDb } from '@/lib/index/db';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { mapBounded } from '@/lib/mailstore/listing';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { startPostgres } from '../bench/postgres.mjs';
import { generateCorpus } from '../corpus/generate';
import { root, tsArgs } from '../ts-run.mjs';
import { bareList, CONCURRENCY, POOL_MAX, PREFIX, sourceFor, type BuildResult, type Memory, type ServeResult } from './index-shared';
import { fmt, median, table } from './report';
import { bareGetDecrypt } from './floor';

const SEED_CONCURRENCY = 8;
const TARGET = 100_000;

const MB = 1048576;
const mb = (n: number) => fmt(n / MB, 0);
const pct = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]! : NaN);
const ms = (n: number) => `${fmt(n, n < 100 ? 1 : 0)} ms`;
const s = (n: number) => `${fmt(n / 1000, 1)} s`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

interface Child<T> {
  ready: Promise<void>;
  go(): void;
  result: Promise<T>;
}

/** A serving process (index-child.ts) with --expose-gc; resolves with its @@RESULT. */
function startChild<T>(args: Record<string, unknown>): Child<T> {
  const child = spawn(process.execPath, ['--expose-gc', ...tsArgs('scripts/perf/index-child.ts', [JSON.stringify(args)])], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
  });
  let buffered = '';
  let got: T | undefined;
  let markReady!: () => void;
  const readyLine = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      if (line === '@@READY') markReady();
      else if (line.startsWith('@@RESULT ')) got = JSON.parse(line.slice('@@RESULT '.length)) as T;
      else if (line.trim()) process.stderr.write(`[index-child ${String(args.role)}] ${line}\n`);
    }
  });
  const result = new Promise<T>((resolve, reject) => {
    child.on('exit', (code, signal) => (got !== undefined && code === 0 ? resolve(got) : reject(new Error(`the ${String(args.role)} process exited (${signal ?? code}) without a result`))));
  });
  return { ready: Promise.race([readyLine, result.then(() => undefined)]), go: () => child.stdin.end('go\n'), result };
}

async function runChild<T>(args: Record<string, unknown>): Promise<T> {
  const c = startChild<T>(args);
  await c.ready;
  c.go();
  return c.result;
}

interface DbSize {
  /** All user tables with their indexes and TOAST. */
  tables: number;
  database: number;
  rows: number;
  indexed: number | null;
}

async function dbSize(db: IndexDb): Promise<DbSize> {
  const { rows } = await db.query(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_stat_user_tables)::bigint AS tables,
            pg_database_size(current_database())::bigint AS database, (SELECT count(*) FROM messages)::bigint AS rows`,
  );
  const r = rows[0] as { tables: string; database: string; rows: string };
  // Rows that carry their sealed summary (the schema of today; null if it changed).
  const indexed = await db
    .query('SELECT count(*)::bigint AS n FROM messages WHERE sealed IS NOT NULL')
    .then((x) => Number((x.rows[0] as { n: string }).n))
    .catch(() => null);
  return { tables: Number(r.tables), database: Number(r.database), rows: Number(r.rows), indexed };
}

interface Phase {
  size: number;
  seeded: number;
  seedMs: number;
  floorMs: number;
  build: BuildResult;
  db: DbSize;
  serve: ServeResult;
}

/** The value at 100,000 on the line through the two measured points (proportional with one). */
function at100k(points: [number, number][]): number {
  if (points.length < 2) return (points[0]![1] / points[0]![0]) * TARGET;
  const [[n1, v1], [n2, v2]] = points as [[number, number], [number, number]];
  return v2 + ((v2 - v1) / (n2 - n1)) * (TARGET - n2);
}
const slope = (points: [number, number][]) => (points.length < 2 ? points[0]![1] / points[0]![0] : (points[1]![1] - points[0]![1]) / (points[1]![0] - points[0]![0]));

export async function indexBench(moto: { bucket: string; keyId: string }, opts: { messages: number }): Promise<void> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const started = Date.now();
  const n = opts.messages;
  const sizes = n >= 400 ? [Math.round(n / 4), n] : [n];
  const pg = await startPostgres();
  const dbs: IndexDb[] = [];
  const open = async (url: string) => {
    const db = await openPostgres(url, { max: 2 });
    dbs.push(db);
    return db;
  };
  /** A new, migrated database on the same server: each build starts from an empty index. */
  const freshDb = async (name: string) => {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    return { url: url.toString(), db: await open(url.toString()) };
  };
  const admin = await open(pg.url);
  try {
    // Seeding is what SES does, message by message: a fresh KMS data key (GenerateDataKey with
    // the message's SES encryption context), AES-GCM, PutObject with SES's metadata.
    const writer = new KmsKeyring(kmsClient({ region }), { keyId: moto.keyId });
    const seedSource = sourceFor(moto.bucket, region, { decrypts: 0, indexKey: 0 }, 'seed');
    const rule = { store: seedSource.store, prefix: PREFIX, ruleName: 'bench', sourceAccount: '123456789012', keyring: writer, kmsKeyId: moto.keyId };
    const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false });
    const s3 = new S3Client({ region, forcePathStyle: true });
    const kms = new KMSClient({ region });
    const phases: Phase[] = [];
    let seeded = 0;
    process.stdout.write(`\n(index benchmark at ${sizes.map(count).join(' then ')} messages; serving side in child processes)\n`);

    for (const size of sizes) {
      let t = performance.now();
      const from = seeded;
      await mapBounded(Array.from({ length: size - from }, (_, i) => from + i), SEED_CONCURRENCY, async (i) => {
        // moto occasionally fails a call under load; seeding is not what is measured, so try again.
        for (let attempt = 1; ; attempt++) {
          try {
            return await deliver(rule, corpus[i % corpus.length]!.eml);
          } catch (err) {
            if (attempt >= 4) throw err;
          }
        }
      });
      const seedMs = performance.now() - t;
      seeded = size;
      process.stdout.write(`(seeded ${count(size - from)} messages (fresh data key each) in ${s(seedMs)}, ${fmt(seedMs / (size - from), 1)} ms per message; mailbox now ${count(size)})\n`);

      // The floor: the same listing, GETs and KMS Decrypts, made directly at the same concurrency.
      t = performance.now();
      const keys = await bareList(s3, moto.bucket);
      await mapBounded(keys, CONCURRENCY, (k) => bareGetDecrypt(s3, kms, moto.bucket, k));
      const floorMs = performance.now() - t;
      if (keys.length !== size) throw new Error(`listed ${keys.length} keys, seeded ${size}`);

      const phaseDb = await freshDb(`bench_${size}`);
      const common = { pgUrl: phaseDb.url, bucket: moto.bucket, region };
      const build = await runChild<BuildResult>({ ...common, role: 'build', scope: `build-${size}` });
      const db = await dbSize(phaseDb.db);
      const serve = await runChild<ServeResult>({ ...common, role: 'serve', scope: `restart-${size}`, searches: 200 });
      // The bare listing floor, in this process (not the serving one: it holds every key).
      t = performance.now();
      await bareList(s3, moto.bucket);
      serve.listFloorMs = performance.now() - t;
      phases.push({ size, seeded: size - from, seedMs, floorMs, build, db, serve });
      // The raw figures on stderr, so that a run cut short keeps them.
      process.stderr.write(`index bench raw ${JSON.stringify({ size, seedMs, floorMs, build, db, serve })}\n`);
      process.stdout.write(
        `(${count(size)}: build ${s(build.buildMs)}, floor ${s(floorMs)}, ${build.count.decrypts} Decrypts; first page ${ms(serve.firstPageMs)} (${serve.firstPageState}); ` +
          `index ${mb(db.tables)} MB; serving RSS ${mb(serve.memAfterSearches.rss)} MB; ${s(Date.now() - started)} so far)\n`,
      );
    }

    // Two replicas on one PostgreSQL, from an empty index, started together.
    const replicaDb = await freshDb('bench_replicas');
    const replicas = [1, 2].map((r) => startChild<BuildResult>({ pgUrl: replicaDb.url, bucket: moto.bucket, region, role: 'build', scope: `replica-${r}` }));
    await Promise.all(replicas.map((r) => r.ready));
    const t = performance.now();
    for (const r of replicas) r.go();
    const [r1, r2] = await Promise.all(replicas.map((r) => r.result));
    const both = performance.now() - t;
    const replicaSize = await dbSize(replicaDb.db);
    const big = phases.at(-1)!;
    process.stderr.write(`index bench raw replicas ${JSON.stringify({ r1, r2, both, replicaSize })}\n`);

    // ---- Tables ----
    const label = (size: number) => `${count(size)} messages`;
    table(`Seeding (deliver(): GenerateDataKey + AES-GCM + PutObject per message, concurrency ${SEED_CONCURRENCY}; a fresh data key per message, as SES)`, ['mailbox', 'messages added', 'time', 'per message'], phases.map((p) => [label(p.size), count(p.seeded), s(p.seedMs), `${fmt(p.seedMs / p.seeded, 1)} ms`]));

    table(`Index build from an empty index (concurrency ${CONCURRENCY}, PostgreSQL ${pg.bin.split('/').at(-2)}, a new process)`, ['mailbox', 'build (listing merged page by page + index)', 'floor (list + GET + Decrypt each)', 'ratio', 'KMS Decrypts per message (aim 1)', 'index-key Decrypts'], phases.map((p) => [
      label(p.size), s(p.build.buildMs), s(p.floorMs), fmt(p.build.buildMs / p.floorMs, 2), fmt(p.build.count.decrypts / p.size, 3), String(p.build.count.indexKey),
    ]));

    table('First page after a restart (a new process: engine, pool, caches all new)', ['mailbox', 'first page', 'bare listing floor', 'ratio', 'listing per 1,000 keys (moto)', 'index state', 'KMS calls (aim 0 for rows)'], phases.map((p) => [
      label(p.size), ms(p.serve.firstPageMs), ms(p.serve.listFloorMs), fmt(p.serve.firstPageMs / p.serve.listFloorMs, 2), ms((p.serve.listFloorMs / p.size) * 1000), p.serve.firstPageState,
      `${p.serve.firstPageCount.decrypts} message Decrypts, ${p.serve.firstPageCount.indexKey} index-key Decrypt`,
    ]));
    process.stdout.write("(moto's ListObjectsV2 scans and sorts the whole bucket for every page of 1,000 keys, so its listing grows with keys squared; S3's grows with keys)\n");

    table('Warm full-text search (200 queries, one word, every 4th with -has:attachment; page 1 of 50)', ['mailbox', 'searches', 'p50 (aim <= 50 ms)', 'p99', 'max', 'median hits', 'with hits', 'a listing merge ended meanwhile (background, every 10 s)', 'their times', 'KMS Decrypts (message + index key)'], phases.map((p) => {
      const warm = p.serve.searches.filter((x) => !x.refreshed).map((x) => x.ms);
      const refreshed = p.serve.searches.filter((x) => x.refreshed).map((x) => x.ms);
      return [
        label(p.size), `${warm.length} without`, ms(pct(warm, 50)), ms(pct(warm, 99)), ms(Math.max(...warm)), count(median(p.serve.searches.map((x) => x.total))), `${p.serve.searches.filter((x) => x.total > 0).length}/${p.serve.searches.length}`,
        String(refreshed.length), refreshed.length ? refreshed.map((x) => ms(x)).join(', ') : '-', `${p.serve.searchCount.decrypts} + ${p.serve.searchCount.indexKey}`,
      ];
    }));
    process.stdout.write('(the bucket is listed again in the background while pages are asked for; the searches do not wait for it, but share the machine with it)\n');
    const all = big.serve.searches.map((x) => x.ms);
    process.stdout.write(`(all ${all.length} searches at ${count(big.size)}, those included: p50 ${ms(pct(all, 50))}, p99 ${ms(pct(all, 99))})\n`);

    const mem = (m: Memory) => `${mb(m.rss)} / ${mb(m.heapUsed)}`;
    const memRows = phases.map((p) => [
      label(p.size), mem(p.build.memStart), mem(p.build.memAfterBuild), mb(p.build.peakRss), mem(p.serve.memAfterFirstPage), mem(p.serve.memAfterSearches), mb(p.serve.peakRss),
    ]);
    if (phases.length === 2) {
      const [a, b] = phases as [Phase, Phase];
      const r = (x: number, y: number) => `x${fmt(y / x, 2)}`;
      const rr = (x: Memory, y: Memory) => `${r(x.rss, y.rss)} / ${r(x.heapUsed, y.heapUsed)}`;
      memRows.push([
        `ratio (mailbox x${fmt(b.size / a.size, 2)})`, rr(a.build.memStart, b.build.memStart), rr(a.build.memAfterBuild, b.build.memAfterBuild), r(a.build.peakRss, b.build.peakRss),
        rr(a.serve.memAfterFirstPage, b.serve.memAfterFirstPage), rr(a.serve.memAfterSearches, b.serve.memAfterSearches), r(a.serve.peakRss, b.serve.peakRss),
      ]);
    }
    const gcNote = big.serve.memAfterSearches.gc ? 'after a full GC' : 'no GC available';
    table(`Serving side memory, RSS / heapUsed in MB (${gcNote}; settings: concurrency ${CONCURRENCY}, pool ${POOL_MAX}, summary cache 1,000)`, ['mailbox', 'process started', 'after build', 'build peak RSS', 'restart: after first page', 'after 200 searches', 'serve peak RSS'], memRows);

    table('Two replicas building one index (two processes, one PostgreSQL, from empty, started together)', ['messages', 'Decrypts, replica 1', 'replica 2', 'total (aim = messages)', 'rows indexed', 'time', 'one build alone'], [
      [count(n), count(r1!.count.decrypts), count(r2!.count.decrypts), count(r1!.count.decrypts + r2!.count.decrypts), replicaSize.indexed === null ? count(replicaSize.rows) : count(replicaSize.indexed), s(both), s(big.build.buildMs)],
    ]);

    table('Index size in PostgreSQL (all tables with indexes and TOAST)', ['mailbox', 'rows', 'rows with summary', 'tables', 'per message', 'database'], phases.map((p) => [
      label(p.size), count(p.db.rows), p.db.indexed === null ? '?' : count(p.db.indexed), `${fmt(p.db.tables / MB, 1)} MB`, `${fmt(p.db.tables / p.size / 1024, 2)} KiB`, `${fmt(p.db.database / MB, 1)} MB`,
    ]));

    // Paper figures: each quantity on the line through the two measured sizes.
    const pts = (f: (p: Phase) => number): [number, number][] => phases.map((p) => [p.size, f(p)]);
    const warmP50 = (p: Phase) => pct(p.serve.searches.filter((x) => !x.refreshed).map((x) => x.ms), 50);
    const rows: [string, (p: Phase) => number, (v: number) => string, string, string][] = [
      ['index build', (p) => p.build.buildMs, s, 'per 1,000: ', 'messages: a GET, a Decrypt, a parse and a row each, at concurrency 8 (moto serves one call at a time)'],
      ['floor (GET + Decrypt each)', (p) => p.floorMs, s, 'per 1,000: ', 'messages'],
      ['KMS Decrypts, build', (p) => p.build.count.decrypts, count, 'per message: ', 'messages (exactly one each)'],
      ['bare listing (moto)', (p) => p.serve.listFloorMs, ms, 'per 1,000 keys: ', 'keys: one ListObjectsV2 call per 1,000, one after another (moto: keys squared, see above)'],
      ['first page after restart', (p) => p.serve.firstPageMs, ms, 'per 1,000 keys: ', 'a page of rows and its counts, in the database (no listing before it; the bucket is listed again in the background)'],
      ['warm search p50', warmP50, ms, 'per 1,000: ', 'hits of the word (posting lists): the page and its count are queries'],
      ['index in PostgreSQL', (p) => p.db.tables, (v) => `${fmt(v / MB, 1)} MB`, 'per message: ', 'messages'],
      ['serving RSS after searches', (p) => p.serve.memAfterSearches.rss, (v) => `${mb(v)} MB`, 'per 1,000: ', 'settings (a page, one listing page while merging, caches); not meant to grow with messages'],
      ['serving heap after searches', (p) => p.serve.memAfterSearches.heapUsed, (v) => `${mb(v)} MB`, 'per 1,000: ', 'as RSS'],
    ];
    const perUnit = (name: string, v: number, fmtv: (v: number) => string) => {
      if (name.startsWith('KMS')) return fmt(v, 3);
      if (name === 'index in PostgreSQL') return `${fmt(v / 1024, 2)} KiB`;
      if (fmtv === s) return s(v * 1000);
      if (fmtv === ms) return ms(v * 1000);
      return `${fmt((v * 1000) / MB, 2)} MB`;
    };
    const paper = rows.map(([name, f, fmtv, unit, grows]) => [name, ...phases.map((p) => fmtv(f(p))), unit + perUnit(name, slope(pts(f)), fmtv), grows, fmtv(at100k(pts(f)))]);
    paper.push(['KMS Decrypts, two replicas', ...phases.map((p, i) => (i === phases.length - 1 ? count(r1!.count.decrypts + r2!.count.decrypts) : '-')), `per message: ${fmt((r1!.count.decrypts + r2!.count.decrypts) / n, 3)}`, 'messages, not replicas', count(((r1!.count.decrypts + r2!.count.decrypts) / n) * TARGET)]);
    table(
      `Paper figures for ${count(TARGET)} messages — EXTRAPOLATED (not measured) on the line through the measured sizes`,
      ['quantity', ...phases.map((p) => `measured, ${count(p.size)}`), 'slope', 'grows with', `${count(TARGET)} (extrapolated)`],
      paper,
    );
    process.stdout.write(`(index benchmark: ${s(Date.now() - started)} in all, seeding included)\n`);
  } finally {
    for (const db of dbs) await db.close().catch(() => undefined);
    await pg.stop();
  }
}
