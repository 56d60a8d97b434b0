import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type IndexDb } from './db';
import { claimSync, syncedAt, syncMailbox } from './sync';
import { eml, localMailbox, type LocalMailbox } from './test-helpers';

// The listing merged into the rows one listing page at a time: with pages of 2, deletions at the
// start, in the middle, across a page boundary and at the end are all found, and a rewritten
// object becomes a row to do again.

let db: IndexDb;
let box: LocalMailbox;
const scope = 'bucket/inbox/';

beforeAll(async () => {
  db = await openPglite(null);
  box = await localMailbox();
}, 120_000);

afterAll(async () => {
  await db?.close();
  await box?.cleanup();
});

const rows = async () =>
  (await db.query<{ key: string; etag: string; sealed: unknown }>('SELECT key, etag, sealed FROM messages WHERE scope = $1 ORDER BY key COLLATE "C"', [scope])).rows;
const listed = async () => {
  const out: string[] = [];
  for await (const o of box.store.list('inbox/')) out.push(o.key);
  return out.filter((k) => !k.endsWith('AMAZON_SES_SETUP_NOTIFICATION'));
};
const remove = async (key: string) => {
  const id = key.slice('inbox/'.length);
  await rm(path.join(box.store.root, 'objects', 'inbox', id));
  await rm(path.join(box.store.root, 'meta', 'inbox', `${id}.json`));
};

describe('merging the listing into the rows', () => {
  it('follows additions, deletions anywhere and rewrites, a page at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push(await box.deliver(eml({ subject: `m${i}`, body: 'x' }), new Date(Date.UTC(2026, 10, 1 + i))));
    expect(await syncedAt(db, scope)).toBeNull();
    expect(await claimSync(db, scope)).toBe(true);
    // A second claim within the interval is refused (another replica is listing).
    expect(await claimSync(db, scope)).toBe(false);
    expect(await syncMailbox(db, scope, box.source(), { pageSize: 2 })).toMatchObject({ added: 9, removed: 0, listed: 9 });
    expect(await syncedAt(db, scope)).toBeInstanceOf(Date);
    expect((await rows()).map((r) => r.key)).toEqual(await listed());

    await db.query('UPDATE messages SET sealed = $2 WHERE scope = $1', [scope, Buffer.from('indexed')]);
    const sorted = await listed();
    for (const i of [0, 3, 4, 8]) await remove(sorted[i]!);
    const added = await box.deliver(eml({ subject: 'new', body: 'y' }));
    const rewritten = await box.deliver(eml({ subject: 'again', body: 'z' }), undefined, sorted[5]!.slice('inbox/'.length));
    expect(await syncMailbox(db, scope, box.source(), { pageSize: 2 })).toMatchObject({ added: 2, removed: 4, listed: 6 });
    const after = await rows();
    expect(after.map((r) => r.key)).toEqual(await listed());
    // Untouched rows keep what the indexer made; the rewritten and the new one are to do.
    expect(after.filter((r) => r.sealed === null).map((r) => r.key).sort()).toEqual([`inbox/${rewritten}`, `inbox/${added}`].sort());
    expect(after.filter((r) => r.sealed !== null)).toHaveLength(4);

    // Everything gone: the rows go too.
    for (const k of await listed()) await remove(k);
    expect(await syncMailbox(db, scope, box.source(), { pageSize: 2 })).toMatchObject({ removed: 6, listed: 0 });
    expect(await rows()).toEqual([]);
  }, 60_000);
});
