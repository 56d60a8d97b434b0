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
});
