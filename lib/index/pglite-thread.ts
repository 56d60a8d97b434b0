import 'server-only';
import { Worker } from 'node:worker_threads';
import { log } from '@/lib/log';
import type { IndexDb, Queryable } from './db';
import { IndexUnavailableError } from './errors';
import type { Reply, Request } from './pglite-worker';
import { workerExecArgv } from '@/lib/worker-pool/exec-argv';

// The embedded index in its own thread (why: see pglite-worker.ts). One request, one reply; a
// transaction is a begin … end pair whose queries carry its number (PGlite has one connection, so
// other queries wait for it, as they would inside PGlite). The thread keeps the process alive only
// while a request is pending, so an idle index never holds a CLI or test runner open.
//
// A thread that dies (a crash, out of memory) comes back: what it was answering fails, open
// transactions fail (their work is rolled back: PGlite replays its WAL on the next start), and the
// next query starts a fresh thread on the same data directory. Restarts are spaced out: after a
// thread that ran a while the next query restarts it at once; after one that stopped soon after it
// started (or could not start) the next start waits 2 s, then 4 s, … up to 30 s after the stop, and
// queries in between fail at once with IndexUnavailableError (pages then read directly). The
// directory's lock file (db.ts) belongs to this process and is not touched by a restart. An
// in-memory index (no directory: tests) does not come back: its data and schema died with it.

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

const RESTART_MIN_MS = 2_000;
const RESTART_MAX_MS = 30_000;
// A thread that ran this long before it stopped was not in a crash loop: restart it at once.
const STABLE_MS = 60_000;

interface Thread {
  worker: Worker;
  pending: Map<number, (r: Reply) => void>;
  /** Why the thread stopped; set once, when it did. */
  stopped: Error | null;
  /** When PGlite was open in it. */
  readyAt: number;
}

// Every index thread of this process, for stopIndexThreadsForTest.
const live = new Set<Worker>();

/** Tests only: ends every index thread of this process the way a crash would. */
export async function stopIndexThreadsForTest(): Promise<number> {
  const workers = [...live];
  await Promise.all(workers.map((w) => w.terminate()));
  return workers.length;
}

function stoppedError(why: string): IndexUnavailableError {
  return new IndexUnavailableError(`The mailbox index stopped (${why}) before it answered. It restarts by itself; try again in a few seconds.`);
}

/** Starts a thread and waits until PGlite is open in it; `onStop` is told once if it stops later. */
async function startThread(dir: string | null, onStop: (t: Thread) => void): Promise<Thread> {
  // The literal `new Worker(new URL('./x.ts', import.meta.url))` is what Next's bundler follows.
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), {
    workerData: { dir },
    execArgv: workerExecArgv(),
    name: 'sesame-index',
    // A heap of its own: a query result too large to hold ends this thread (which comes back),
    // not the server. PGlite's database memory is WebAssembly memory, outside this limit.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  live.add(worker);
  const t: Thread = { worker, pending: new Map(), stopped: null, readyAt: 0 };
  const started = new Promise<void>((resolve, reject) => {
    t.pending.set(0, (r) => (r.ok ? resolve() : reject(new Error(r.error))));
  });
  worker.on('message', (r: Reply) => {
    const p = t.pending.get(r.id);
    t.pending.delete(r.id);
    settle(t);
    p?.(r);
  });
  const stop = (why: string) => {
    if (t.stopped) return;
    live.delete(worker);
    t.stopped = stoppedError(why);
    for (const [id, p] of t.pending) p({ id, ok: false, error: t.stopped.message, code: 'index-thread-stopped' });
    t.pending.clear();
    onStop(t);
  };
  worker.on('error', (err) => stop(err.message));
  worker.on('exit', (code) => stop(`exit ${code}`));
  try {
    await started;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  t.readyAt = Date.now();
  return t;
}

function settle(t: Thread): void {
  if (t.pending.size) t.worker.ref();
  else t.worker.unref();
}

function send(t: Thread, req: Distribute<Request>, id: number): Promise<unknown[]> {
  if (t.stopped) return Promise.reject(t.stopped);
  return new Promise<Reply>((resolve) => {
    t.pending.set(id, resolve);
    settle(t);
    t.worker.postMessage({ ...req, id });
  }).then((r) => {
    if (r.ok) return r.rows ?? [];
    if (r.code === 'index-thread-stopped' && t.stopped) throw t.stopped;
    throw Object.assign(new Error(r.error), r.code ? { code: r.code } : {});
  });
}

export interface PgliteThread extends Omit<IndexDb, 'close'> {
  close: () => Promise<void>;
}

export async function openPgliteThread(dir: string | null): Promise<PgliteThread> {
  let nextId = 1;
  let nextTx = 1;
  let closed = false;
  let current: Thread | null = null;
  let starting: Promise<Thread> | null = null;
  // Consecutive stops of threads that did not run STABLE_MS (or did not start), and when the next
  // start may be.
  let quickStops = 0;
  let nextStartAt = 0;

  const backoff = () => {
    quickStops++;
    nextStartAt = Date.now() + Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** (quickStops - 1));
  };
  const onStop = (t: Thread) => {
    if (t !== current) return;
    current = null;
    if (closed) return;
    if (Date.now() - t.readyAt < STABLE_MS) backoff();
    else {
      quickStops = 0;
      nextStartAt = 0;
    }
    log().warn({ dir, err: t.stopped?.message }, dir ? 'the embedded index thread stopped; it restarts on the next query' : 'the in-memory index thread stopped');
  };

  current = await startThread(dir, onStop);

  /** The running thread, or a fresh one after a stop (at most one start at a time). */
  const thread = (): Promise<Thread> => {
    if (closed) return Promise.reject(new IndexUnavailableError('The mailbox index is closed.'));
    if (current) return Promise.resolve(current);
    if (!dir) return Promise.reject(new IndexUnavailableError('The in-memory mailbox index stopped; it comes back when the process restarts.'));
    if (!starting) {
      const wait = nextStartAt - Date.now();
      if (wait > 0) {
        return Promise.reject(new IndexUnavailableError(`The mailbox index stopped and restarts in ${Math.ceil(wait / 1000)} s. Try again then.`));
      }
      starting = startThread(dir, onStop).then(
        (t) => {
          starting = null;
          if (closed) {
            void t.worker.terminate();
            throw new IndexUnavailableError('The mailbox index is closed.');
          }
          current = t;
          log().info({ dir }, 'the embedded index thread was restarted');
          return t;
        },
        (err: unknown) => {
          starting = null;
          backoff();
          log().error({ dir, err: err instanceof Error ? err.message : String(err) }, 'the embedded index thread could not be restarted');
          throw new IndexUnavailableError('The mailbox index stopped and could not be restarted yet. It tries again by itself; try again in a minute.');
        },
      );
    }
    return starting;
  };

  const query = async <R>(sql: string, params?: unknown[]) => ({ rows: (await send(await thread(), { op: 'query', sql, params }, nextId++)) as R[] });
  return {
    kind: 'pglite',
    query: (sql, params) => query(sql, params),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
      // A transaction lives in one thread: if that thread stops, its remaining queries and its
      // commit fail (never run in a fresh thread, where the transaction's first part is gone).
      const t = await thread();
      const tx = nextTx++;
      await send(t, { op: 'begin', tx }, nextId++);
      let out: T;
      try {
        out = await fn({ query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await send(t, { op: 'query', sql, params, tx }, nextId++)) as R[] }) });
      } catch (err) {
        await send(t, { op: 'end', tx, commit: false }, nextId++).catch(() => undefined);
        throw err;
      }
      await send(t, { op: 'end', tx, commit: true }, nextId++);
      return out;
    },
    close: async () => {
      closed = true;
      const t = current ?? (await starting?.catch(() => null)) ?? null;
      current = null;
      if (!t) return;
      await send(t, { op: 'close' }, nextId++).catch(() => undefined);
      live.delete(t.worker);
      await t.worker.terminate();
    },
  };
}
