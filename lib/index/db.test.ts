import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './db';

// The embedded index is one process's: a second opener is refused (it would corrupt the files),
// a lock left by a dead process is taken over, and the data survives a close and reopen.

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('the embedded index directory', () => {
  it('is locked while open, reopens with its data, and takes over a stale lock', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sesame-pglite-'));
    dirs.push(dir);
    const db = await openPglite(dir);
    await db.query("INSERT INTO index_keys (scope, wrap, wrapped) VALUES ('b/p/', 'local', '\\x00')");
    await expect(openPglite(dir)).rejects.toThrow(/in use by process/);
    expect((await readFile(path.join(dir, '.sesame-index.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await db.close();
    // A crashed owner: a pid that cannot be alive.
    await writeFile(path.join(dir, '.sesame-index.lock'), '999999999');
    const again = await openPglite(dir);
    expect((await again.query<{ scope: string }>('SELECT scope FROM index_keys')).rows).toEqual([{ scope: 'b/p/' }]);
    await again.close();
  }, 120_000);

  it('opens and runs its queries off the event loop (PGlite is synchronous WebAssembly)', async () => {
    // The server's pages share this loop: on it, initdb of a new directory stalled it ~20 s here.
    let last = performance.now();
    let worst = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 20);
    try {
      const dir = await mkdtemp(path.join(tmpdir(), 'sesame-pglite-'));
      dirs.push(dir);
      const db = await openPglite(dir);
      await db.query('SELECT count(*) FROM generate_series(1, 3000000)');
      await db.transaction(async (tx) => tx.query("INSERT INTO index_keys (scope, wrap, wrapped) VALUES ('t/x/', 'local', '\\x00')"));
      expect((await db.query<{ scope: string }>('SELECT scope FROM index_keys')).rows).toEqual([{ scope: 't/x/' }]);
      await expect(db.transaction(async (tx) => {
        await tx.query("INSERT INTO index_keys (scope, wrap, wrapped) VALUES ('t/y/', 'local', '\\x00')");
        throw new Error('no');
      })).rejects.toThrow('no');
      expect((await db.query('SELECT scope FROM index_keys')).rows).toHaveLength(1);
      await db.close();
    } finally {
      clearInterval(tick);
    }
    expect(worst, 'longest event-loop stall (ms)').toBeLessThan(2_000);
  }, 120_000);
});
