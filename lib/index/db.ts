import 'server-only';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { openPgliteThread } from './pglite-thread';

// One interface over the two backends: PGlite (PostgreSQL compiled to WebAssembly, in a data
// directory: the embedded default and the demo) and PostgreSQL (several replicas). Both speak the
// same SQL, so one set of migrations serves both.

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface IndexDb extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Any fixed number: the lock that serialises migrations between replicas starting together.
const MIGRATION_LOCK = 7_310_552_811;

export async function migrate(db: IndexDb): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. A lock file with the owner's pid keeps others out (a stale one, of a dead pid, is taken).
 */
async function lockDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, '.sesame-index.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner === process.pid || (Number.isInteger(owner) && owner > 0 && alive(owner))) {
        throw new Error(`the embedded index ${dir} is in use by process ${owner}; several replicas need SESAME_INDEX_URL (PostgreSQL)`);
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not lock the embedded index ${dir}`);
}

export async function openPglite(dataDir: string | null): Promise<IndexDb> {
  let unlock = async () => {};
  if (dataDir) {
    await mkdir(path.resolve(dataDir), { recursive: true, mode: 0o700 });
    unlock = await lockDir(path.resolve(dataDir));
  }
  let inner;
  try {
    // In its own thread: PGlite's start and queries are synchronous WebAssembly (pglite-worker.ts).
    inner = await openPgliteThread(dataDir ? path.resolve(dataDir) : null);
  } catch (err) {
    await unlock();
    throw err;
  }
  const thread = inner;
  const db: IndexDb = {
    ...thread,
    close: async () => {
      await thread.close();
      await unlock();
    },
  };
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

export async function openPostgres(url: string, opts: { max: number }): Promise<IndexDb> {
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: url, max: opts.max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  const db: IndexDb = {
    kind: 'postgres',
    query: async (sql, params) => ({ rows: (await pool.query(sql, params)).rows }),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }) });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  try {
    await migrate(db);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return db;
}
