// One serving process of the index benchmark (started by scripts/perf/index.ts with --expose-gc,
// so that its RSS and heap are the serving side's alone, measured after a full GC):
//   build  opens the index and builds it (a replica starting on an empty index);
//   serve  a restarted server: its first page, then warm searches (the parent times the bare listing).
// Argument: a JSON object (role, pgUrl, bucket, region, scope, searches). It prints `@@READY`
// when set up, waits for a line on stdin (so two replicas start together), then prints
// `@@RESULT <json>` and exits.
import { once } from 'node:events';
import { simpleParser } from 'mailparser';
import { openPostgres } from '@/lib/index/db';
import { IndexEngine } from '@/lib/index/engine';
import { progressOf } from '@/lib/index/indexer';
import { wordsOf } from '@/lib/index/words';
import { Inbox } from '@/lib/mailstore/inbox';
import { generateCorpus } from '../corpus/generate';
import { CONCURRENCY, memory, POOL_MAX, PREFIX, sourceFor, type BuildResult, type Count, type SearchTiming, type ServeResult } from './index-shared';

interface Args {
  role: 'build' | 'serve';
  pgUrl: string;
  bucket: string;
  region: string;
  scope: string;
  searches?: number;
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function go(): Promise<void> {
  process.stdout.write('@@READY\n');
  await once(process.stdin, 'data');
  process.stdin.pause();
}

async function build(args: Args): Promise<BuildResult> {
  const count: Count = { decrypts: 0, indexKey: 0 };
  const src = sourceFor(args.bucket, args.region, count, args.scope);
  const db = await openPostgres(args.pgUrl, { max: POOL_MAX });
  const engine = new IndexEngine({ open: async () => db, concurrency: CONCURRENCY });
  const memStart = memory();
  await go();
  const t = performance.now();
  // The build merges the listing into the rows page by page, then indexes (lib/index/sync.ts).
  await engine.build(src);
  const buildMs = performance.now() - t;
  const memAfterBuild = memory();
  const messages = (await progressOf(db, `${args.bucket}/${PREFIX}`)).total;
  await engine.close();
  return { role: 'build', messages, buildMs, count, memStart, memAfterBuild, peakRss: peakRss() };
}

async function serve(args: Args): Promise<ServeResult> {
  const count: Count = { decrypts: 0, indexKey: 0 };
  // The rows are served from the index; the bucket is listed again only in the background (at
  // most once per 10 s while pages are asked for: lib/index/sync.ts), as on a server. On moto a
  // listing of 20,000 keys takes seconds (it scans the bucket per page of 1,000), so searches may
  // run beside one: those are marked.
  const src = sourceFor(args.bucket, args.region, count, args.scope);
  const db = await openPostgres(args.pgUrl, { max: POOL_MAX });
  const engine = new IndexEngine({ open: async () => db, concurrency: CONCURRENCY });
  const inbox = new Inbox({ concurrency: CONCURRENCY, cacheSize: 1000, index: () => engine });
  const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false });
  // Words a reader would look for: from the corpus's subjects and body texts (parsed, not raw MIME).
  const texts = await Promise.all(corpus.map(async (m) => simpleParser(m.eml).then((p) => `${p.subject ?? ''} ${p.text ?? ''}`)));
  const vocabulary = [...wordsOf(texts.join(' '))].filter((w) => w.length >= 5 && !/\d/.test(w)).slice(0, 400);
  const memStart = memory();
  await go();

  let t = performance.now();
  const first = await inbox.page(src, { page: 1, pageSize: 50 });
  const firstPageMs = performance.now() - t;
  const firstPageCount = { ...count };
  const memAfterFirstPage = memory();

  // Warm searches over the blind index. The inbox re-lists when its listing is older than 10 s;
  // a search that did so (its page has a new listedAt) is reported apart.
  let listedAt = first.listedAt;
  await inbox.page(src, { page: 1, pageSize: 50, query: vocabulary[0] });
  const searches: SearchTiming[] = [];
  const before = { ...count };
  for (let i = 0; i < (args.searches ?? 200); i++) {
    const word = vocabulary[(i * 7919) % vocabulary.length]!;
    t = performance.now();
    const page = await inbox.page(src, { page: 1, pageSize: 50, query: i % 4 === 3 ? `${word} -has:attachment` : word });
    searches.push({ ms: performance.now() - t, refreshed: page.listedAt !== listedAt, total: page.total });
    listedAt = page.listedAt;
  }
  const searchCount = { decrypts: count.decrypts - before.decrypts, indexKey: count.indexKey - before.indexKey };
  const memAfterSearches = memory();
  await engine.close();
  return {
    role: 'serve',
    messages: first.mailboxSize,
    firstPageMs,
    firstPageState: first.index?.state ?? 'no index',
    firstPageCount,
    // The bare listing floor is measured by the parent: here it would hold every key in this process.
    listFloorMs: 0,
    searches,
    searchCount,
    memStart,
    memAfterFirstPage,
    memAfterSearches,
    peakRss: peakRss(),
  };
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'silent';
  const args = JSON.parse(process.argv[2]!) as Args;
  const result = args.role === 'build' ? await build(args) : await serve(args);
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`index-child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
