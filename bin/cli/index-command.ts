import { IndexEngine } from '@/lib/index/engine';
import { openPglite, openPostgres, type IndexDb } from '@/lib/index/db';
import { progressOf } from '@/lib/index/indexer';
import { cliSource } from './context';
import { parseS3Url } from './s3-url';

// `sesame index s3://BUCKET/PREFIX/`: build or refresh a mailbox's index offline with the
// operator's credentials (it makes the index key when the mailbox has none, which needs
// kms:GenerateDataKey with the sesame:index context). Same database settings as the server.

interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
}

function bar(done: number, total: number, width = 30): string {
  const share = total ? Math.min(1, done / total) : 1;
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${Math.floor(share * 100)} %)`;
}

export async function indexCommand(opts: { url: string; kmsKey?: string; concurrency?: number }, out: Out, err: Out, env = process.env): Promise<boolean> {
  const { bucket, path: prefix } = parseS3Url(opts.url);
  const source = cliSource(bucket, prefix, opts.kmsKey);
  const concurrency = opts.concurrency ?? (Number(env.SESAME_CONCURRENCY) || 8);
  const db: IndexDb = env.SESAME_INDEX_URL ? await openPostgres(env.SESAME_INDEX_URL, { max: concurrency + 2 }) : await openPglite(env.SESAME_INDEX_DIR || '.data/index');
  const engine = new IndexEngine({ open: async () => db, concurrency });
  const scope = `${bucket}/${source.prefix}`;
  const started = Date.now();
  try {
    // The listing is merged into the index page by page: the total grows while it is listed.
    const show = async (final = false) => {
      const p = await progressOf(db, scope);
      const line = `indexed ${bar(p.indexed, p.total)}${p.failed ? `, ${p.failed} could not be read` : ''}`;
      if (err.isTTY) err.write(`\r${line}${final ? '\n' : ''}`);
      else if (final) err.write(`${line}\n`);
      return p;
    };
    const timer = setInterval(() => void show().catch(() => undefined), 500);
    try {
      await engine.build(source);
    } finally {
      clearInterval(timer);
    }
    const p = await show(true);
    out.write(`${JSON.stringify({ mailbox: `s3://${scope}`, messages: p.total, indexed: p.indexed, failed: p.failed, seconds: (Date.now() - started) / 1000 })}\n`);
    return p.failed === 0 && p.indexed >= p.total;
  } finally {
    await engine.close();
  }
}
