import 'server-only';
import { parentPort, workerData } from 'node:worker_threads';

// Runs inside the worker thread of openPglite (lib/index/pglite-thread.ts). PGlite is PostgreSQL
// compiled to WebAssembly: its start (initdb of a new directory, recovery) is many seconds of
// synchronous CPU, and every query runs synchronously too. On the server's event loop that held
// up every page (the first inbox page took 20+ s while the index opened); here it holds up only
// the index, and pages read directly until it is open.

export type Request =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export type Reply = { id: number; ok: true; rows?: unknown[] } | { id: number; ok: false; error: string; code?: string };

interface Q {
  query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
  exec: (sql: string) => Promise<unknown>;
}

async function main(): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = (workerData as { dir: string | null }).dir;
  let pg: InstanceType<typeof PGlite>;
  try {
    pg = dir ? await PGlite.create(dir) : await PGlite.create();
  } catch (err) {
    parentPort!.postMessage({ id: 0, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    return;
  }
  parentPort!.postMessage({ id: 0, ok: true } satisfies Reply);
  const txs = new Map<number, { q: Q; end: (commit: boolean) => void; done: Promise<void> }>();
  // PGlite runs multi-statement SQL (the migrations) through exec(), parameters through query().
  const run = async (q: Q, sql: string, params?: unknown[]) => {
    if (!params?.length && sql.includes(';')) {
      await q.exec(sql);
      return [];
    }
    return (await q.query(sql, params)).rows;
  };
  const handle = async (m: Request): Promise<Reply> => {
    switch (m.op) {
      case 'query': {
        const q = m.tx === undefined ? (pg as unknown as Q) : txs.get(m.tx)?.q;
        if (!q) throw new Error('no such transaction');
        return { id: m.id, ok: true, rows: await run(q, m.sql, m.params) };
      }
      case 'begin':
        return new Promise<Reply>((ready) => {
          let end: (commit: boolean) => void = () => undefined;
          const done = pg
            .transaction(
              (tx) =>
                new Promise<void>((resolve, reject) => {
                  end = (commit) => (commit ? resolve() : reject(new Error('rolled back')));
                  txs.set(m.tx, { q: tx as unknown as Q, end, done });
                  ready({ id: m.id, ok: true });
                }),
            )
            .finally(() => txs.delete(m.tx));
          done.catch(() => undefined);
        });
      case 'end': {
        const t = txs.get(m.tx);
        if (!t) throw new Error('no such transaction');
        t.end(m.commit);
        await t.done.catch((err: unknown) => {
          if (m.commit) throw err;
        });
        return { id: m.id, ok: true };
      }
      case 'close':
        await pg.close();
        return { id: m.id, ok: true };
    }
  };
  parentPort!.on('message', (m: Request) => {
    handle(m).then(
      (reply) => parentPort!.postMessage(reply),
      (err: unknown) =>
        parentPort!.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code } satisfies Reply),
    );
  });
}

void main();
