import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, type IndexDb } from './db';
import { IndexUnavailableError } from './errors';
import { stopIndexThreadsForTest } from './pglite-thread';

// The embedded index's thread comes back after it dies: what it was answering fails, an open
// transaction fails and is rolled back, and a later query (after the restart back-off) runs in a
// fresh thread on the same directory, with the data, while this process keeps the lock.

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const keyRow = (scope: string): [string, unknown[]] => ["INSERT INTO index_keys (scope, wrap, wrapped) VALUES ($1, 'local', '\\x00')", [scope]];
const scopes = async (db: IndexDb) => (await db.query<{ scope: string }>('SELECT scope FROM index_keys ORDER BY scope')).rows.map((r) => r.scope);

/** The first query that succeeds, polling through the restart back-off (seconds, not timed). */
async function whenBack<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof IndexUnavailableError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('the embedded index thread', () => {
  it('restarts on the same directory after it dies, with the data, and keeps the lock', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sesame-pglite-'));
    dirs.push(dir);
    const db = await openPglite(dir);
    try {
      await db.query(...keyRow('kept/'));

      // A query in flight when the thread dies fails with a clear error, not a hang.
      const inFlight = db.query('SELECT count(*) FROM generate_series(1, 50000000)');
      inFlight.catch(() => undefined);
      expect(await stopIndexThreadsForTest()).toBe(1);
      const lost = await inFlight.catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(IndexUnavailableError);
      expect((lost as Error).message).toMatch(/stopped .*before it answered.*try again/i);

      // The thread had run only moments: the next start waits out a back-off, and a query until
      // then fails at once.
      await expect(db.query('SELECT 1')).rejects.toThrow(/restarts in \d+ s/);
      expect(await whenBack(() => scopes(db))).toEqual(['kept/']);
      await db.query(...keyRow('after/'));
      expect(await scopes(db)).toEqual(['after/', 'kept/']);

      // The lock file stays this process's all along: another opener is still refused.
      expect((await readFile(path.join(dir, '.sesame-index.lock'), 'utf8')).trim()).toBe(String(process.pid));
      await expect(openPglite(dir)).rejects.toThrow(/in use by process/);
    } finally {
      await db.close();
    }
    // And the directory reopens cleanly after a normal close.
    const again = await openPglite(dir);
    expect(await scopes(again)).toEqual(['after/', 'kept/']);
    await again.close();
  }, 240_000);

  it('fails a transaction whose thread dies, rolls it back, and runs the next one in a fresh thread', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sesame-pglite-'));
    dirs.push(dir);
    const db = await openPglite(dir);
    try {
      const tx = db.transaction(async (q) => {
        await q.query(...keyRow('in-tx/'));
        expect(await stopIndexThreadsForTest()).toBe(1);
        await q.query(...keyRow('in-tx-2/'));
      });
      await expect(tx).rejects.toBeInstanceOf(IndexUnavailableError);
      // Neither row of the lost transaction was committed.
      expect(await whenBack(() => scopes(db))).toEqual([]);
      await db.transaction(async (q) => {
        await q.query(...keyRow('next/'));
      });
      expect(await scopes(db)).toEqual(['next/']);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('spaces out restarts of a thread that keeps dying', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sesame-pglite-'));
    dirs.push(dir);
    const db = await openPglite(dir);
    try {
      for (let round = 1; round <= 2; round++) {
        expect(await stopIndexThreadsForTest()).toBe(1);
        const refused = await db.query('SELECT 1').catch((e: unknown) => e);
        expect((refused as Error).message).toMatch(/restarts in \d+ s/);
        await whenBack(() => db.query('SELECT 1'));
      }
      // Third stop in a row: the back-off has doubled twice (8 s), so the wait named is more than 2 s.
      expect(await stopIndexThreadsForTest()).toBe(1);
      const refused = (await db.query('SELECT 1').catch((e: unknown) => e)) as Error;
      expect(Number(/restarts in (\d+) s/.exec(refused.message)?.[1])).toBeGreaterThan(2);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('does not restart an in-memory index (its data and schema died with the thread)', async () => {
    const db = await openPglite(null);
    try {
      expect(await stopIndexThreadsForTest()).toBe(1);
      await expect(db.query('SELECT 1')).rejects.toThrow(/in-memory mailbox index stopped/);
    } finally {
      await db.close();
    }
  }, 120_000);
});
