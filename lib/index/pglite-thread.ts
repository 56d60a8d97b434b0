import 'server-only';
import { Worker } from 'node:worker_threads';
import type { IndexDb, Queryable } from './db';
import type { Reply, Request } from './pglite-worker';

// The embedded index in its own thread (why: see pglite-worker.ts). One request, one reply; a
// transaction is a begin … end pair whose queries carry its number (PGlite has one connection, so
// other queries wait for it, as they would inside PGlite). The thread keeps the process alive only
// while a request is pending, so an idle index never holds a CLI or test runner open.

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

// Tests and scripts run TypeScript through tsx: the thread needs the same loader and conditions.
function workerExecArgv(): string[] | undefined {
  if (!process.env.VITEST) return undefined;
  return [...process.execArgv, '--conditions=react-server', '--import', 'tsx'];
}

export async function openPgliteThread(dir: string | null): Promise<Omit<IndexDb, 'close'> & { close: () => Promise<void> }> {
  // The literal `new Worker(new URL('./x.ts', import.meta.url))` is what Next's bundler follows.
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { workerData: { dir }, execArgv: workerExecArgv(), name: 'sesame-index' });
  const pending = new Map<number, { resolve: (r: Reply) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  const settle = () => (pending.size ? worker.ref() : worker.unref());
  const started = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: (r) => (r.ok ? resolve() : reject(new Error(r.error))) });
  });
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    settle();
    p?.resolve(r);
  });
  const fail = (err: Error) => {
    failed = err;
    for (const [id, p] of pending) p.resolve({ id, ok: false, error: err.message });
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the index thread stopped (exit ${code})`)));
  const send = (req: Distribute<Request>): Promise<unknown[]> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<Reply>((resolve) => {
      pending.set(id, { resolve });
      settle();
      worker.postMessage({ ...req, id });
    }).then((r) => {
      if (r.ok) return r.rows ?? [];
      throw Object.assign(new Error(r.error), r.code ? { code: r.code } : {});
    });
  };
  try {
    await started;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  const query = async <R>(sql: string, params?: unknown[], tx?: number) => ({ rows: (await send({ op: 'query', sql, params, tx })) as R[] });
  let nextTx = 1;
  return {
    kind: 'pglite',
    query: (sql, params) => query(sql, params),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
      const tx = nextTx++;
      await send({ op: 'begin', tx });
      let out: T;
      try {
        out = await fn({ query: (sql, params) => query(sql, params, tx) });
      } catch (err) {
        await send({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw err;
      }
      await send({ op: 'end', tx, commit: true });
      return out;
    },
    close: async () => {
      await send({ op: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
