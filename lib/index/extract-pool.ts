import 'server-only';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { settingsSchema } from '@/lib/config';
import { log } from '@/lib/log';
import { processWide } from '@/lib/process-wide';
import { WorkerPool, WorkerTimeoutError } from '@/lib/worker-pool/pool';
import type { IndexKeys } from './crypto';
import type { IndexedRow } from './extract';
import type { ExtractTask } from './extract-worker';
import { workerExecArgv } from '@/lib/worker-pool/exec-argv';

// The indexer's way to turn a decrypted message into its row (extract.ts indexedRow): in a worker
// thread, never on the event loop. A large or hostile message costs seconds of synchronous work
// (mailparser, htmlToText of up to 2 MB, up to ~20,000 HMACs); on the server's loop that held up
// every page for as long.
//
// Where the hashing happens: in the thread, with the two blind-index keys (IndexKeys.blindKeys,
// not the index key) sent along. Returning the plain words to hash here would keep the keys on
// this thread, but 20,000 HMACs are themselves ~0.1-0.6 s of CPU per large message (measured on a
// loaded 2-core machine), on the loop this module exists to keep free.
//
// Copies of plaintext: the message is copied once into an ArrayBuffer of its own, which moves to
// the thread (transfer list, no second copy) and is zeroed there after the parse; the caller still
// zeroes its own Buffer. A message over the time limit stops its thread and fails its row.

export interface ExtractPoolSettings {
  threads: number;
  timeoutMs: number;
}

/** Seconds one message may take in its thread (its parse alone stops itself at 5 s: lib/mime/limits.ts). */
export const EXTRACT_TIMEOUT_MS = 30_000;

export function createExtractPool(settings: ExtractPoolSettings): WorkerPool<ExtractTask, IndexedRow> {
  return new WorkerPool<ExtractTask, IndexedRow>({
    size: settings.threads,
    timeoutMs: settings.timeoutMs,
    // The literal `new Worker(new URL('./x.ts', import.meta.url))` is what Next's bundler follows.
    create: () =>
      new Worker(new URL('./extract-worker.ts', import.meta.url), {
        execArgv: workerExecArgv(),
        name: 'sesame-index-parse',
        // The message itself is outside the heap (an ArrayBuffer); its decoded text is at most
        // 8 MiB (MimeLimits.maxTextBytes). A runaway message ends its thread, not the server.
        resourceLimits: { maxOldGenerationSizeMb: 512 },
      }),
  });
}

const poolSettings = settingsSchema.pick({ SESAME_INDEX_CONCURRENCY: true });

function thePool(): WorkerPool<ExtractTask, IndexedRow> {
  return processWide('index-parse-pool', () => {
    const s = poolSettings.parse({ SESAME_INDEX_CONCURRENCY: process.env.SESAME_INDEX_CONCURRENCY || undefined });
    // As many threads as the indexer reads in parallel, but leave a core to the server's loop
    // (threads start on demand, one per message being parsed).
    const threads = Math.max(1, Math.min(s.SESAME_INDEX_CONCURRENCY, availableParallelism() - 1));
    return createExtractPool({ threads, timeoutMs: EXTRACT_TIMEOUT_MS });
  });
}

/** The message could not be turned into its row in time, or its thread failed: the row fails. */
export class ExtractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}

/** indexedRow(raw, keys, encrypted) in a worker thread of `pool` (the process's own by default). */
export async function indexedRowOffThread(
  raw: Buffer,
  keys: IndexKeys,
  encrypted: boolean,
  pool: WorkerPool<ExtractTask, IndexedRow> = thePool(),
): Promise<IndexedRow> {
  // A fresh ArrayBuffer (never a slice of Node's shared Buffer pool, which cannot be transferred).
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  const { tokens, threads } = keys.blindKeys();
  try {
    return await pool.run({ raw: copy, tokens, threads, encrypted }, [copy.buffer, tokens.buffer, threads.buffer]);
  } catch (err) {
    if (err instanceof WorkerTimeoutError) {
      log().warn({ bytes: raw.byteLength, ms: err.ms }, 'indexing a message took too long; its row is marked failed');
      throw new ExtractError(`reading the message for the index took longer than ${Math.round(err.ms / 1000)} seconds`);
    }
    const why = err instanceof Error ? err.message : String(err);
    log().warn({ bytes: raw.byteLength, err: why }, 'indexing a message failed in its worker thread; its row is marked failed');
    throw new ExtractError(`the message could not be read for the index: ${why}`);
  } finally {
    // Moved to the thread these are detached (empty); a task that never started leaves them here.
    for (const bytes of [copy, tokens, threads]) if (bytes.byteLength > 0) bytes.fill(0);
  }
}
