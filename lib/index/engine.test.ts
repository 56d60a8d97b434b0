import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inbox } from '@/lib/mailstore/inbox';
import { QueryError } from '@/lib/mime/search';
import { openPglite, type IndexDb } from './db';
import { IndexEngine, NOTICES } from './engine';
import { setState } from './rows';
import { eml, localMailbox, type LocalMailbox } from './test-helpers';

// The index end to end on the embedded backend (PGlite in memory): a local mailbox (folder +
// local master key, as in the demo), indexing, rows and search from the index, per-person state.

let db: IndexDb;
let box: LocalMailbox;
const ids: Record<string, string> = {};

const engineOn = (d: IndexDb) => new IndexEngine({ open: async () => d, concurrency: 4 });
const inboxOn = (engine: IndexEngine) => new Inbox({ concurrency: 4, cacheSize: 100, index: () => engine });

beforeAll(async () => {
  db = await openPglite(null);
  box = await localMailbox();
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
  ids.hello = await box.deliver(eml({ subject: 'Hello there', body: 'Just saying hello.', messageId: 'root@example.com' }), day(1));
  ids.reply = await box.deliver(
    eml({ from: 'Bob <bob@example.org>', subject: 'Re: Hello there', body: `${'filler words '.repeat(400)}\nThe zanzibar code is 1234.`, inReplyTo: 'root@example.com' }),
    day(2),
  );
  ids.invoice = await box.deliver(eml({ subject: 'Invoice Ñ°42', body: 'Please pay the facture by Friday.' }), day(3));
  ids.other = await box.deliver(eml({ from: 'Carol <carol@example.net>', subject: 'Lunch', body: 'Pizza or sushi?' }), day(4));
}, 120_000);

afterAll(async () => {
  await db?.close();
  await box?.cleanup();
});

describe('the index on PGlite', () => {
  it('runs its migrations once', async () => {
    const { migrate } = await import('./db');
    expect(await migrate(db)).toEqual([]);
    const v = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(v.rows.map((r) => Number(r.version))).toEqual([1]);
  });

  it('lists directly while it builds, then serves rows with no key call per row, even after a restart', async () => {
    const engine = engineOn(db);
    const source = box.source({ person: 'sub-alice' });
    const inbox = inboxOn(engine);
    const first = await inbox.page(source, { page: 1, pageSize: 25 });
    expect(first.items).toHaveLength(4);
    expect(first.index?.state).toBe('building');
    expect(first.index?.notice).toBe(NOTICES.building);
    await engine.build(source);
    expect(source.keyring.generates).toBe(1);

    // A new process: new engine, new inbox, same database. One unwrap (the index key), no row reads.
    const engine2 = engineOn(db);
    const source2 = box.source({ person: 'sub-alice', cacheScope: 'local|test|restart' });
    const page = await inboxOn(engine2).page(source2, { page: 1, pageSize: 25 });
    expect(source2.keyring.unwraps).toBe(1);
    expect(page.index).toEqual({ state: 'ready', indexed: 4, failed: 0, total: 4 });
    expect(page.items.map((i) => i.subject)).toEqual(['Lunch', 'Invoice Ñ°42', 'Re: Hello there', 'Hello there']);
    expect(page.items.every((i) => i.read === false && i.starred === false)).toBe(true);
    const [lunch, , reply, hello] = page.items;
    expect(reply!.threadId).toBe(ids.hello);
    expect(hello!.threadSize).toBe(2);
    expect(lunch!.threadSize).toBe(1);
    expect(page.unread).toBe(4);
  }, 120_000);

  it('searches the whole text and the operators over the blind index, newest first', async () => {
    const engine = engineOn(db);
    const source = box.source({ person: 'sub-alice' });
    const inbox = inboxOn(engine);
    const search = async (q: string) => (await inbox.page(source, { page: 1, pageSize: 25, query: q })).items.map((i) => i.id);
    expect(await search('zanzibar')).toEqual([ids.reply]);
    expect(await search('ZANZIBAR 1234')).toEqual([ids.reply]);
    expect(await search('"zanzibar code"')).toEqual([ids.reply]);
    expect(await search('hello')).toEqual([ids.reply, ids.hello]);
    expect(await search('hello -from:bob')).toEqual([ids.hello]);
    expect(await search('from:carol OR subject:invoice')).toEqual([ids.other, ids.invoice]);
    expect(await search('invoice ñ')).toEqual([ids.invoice]);
    expect(await search('facture')).toEqual([ids.invoice]);
    expect(await search('after:2026-11-03')).toEqual([ids.other, ids.invoice]);
    expect(await search('before:2026-11-02')).toEqual([ids.hello]);
    expect(await search('to:support lunch')).toEqual([ids.other]);
    expect(await search('in:inbox pizza')).toEqual([ids.other]);
    await expect(search('in:alerts pizza')).rejects.toThrow(/names another mailbox/);
    expect(await search('in:all pizza')).toEqual([ids.other]);
    expect(await search('nothinglikethis')).toEqual([]);
    await expect(search('colour:red')).rejects.toThrow(QueryError);
    await expect(search('before:2026-13-01')).rejects.toThrow(/not a date/);
  }, 60_000);

  it('keeps read, starred and done per person', async () => {
    const engine = engineOn(db);
    const alice = box.source({ person: 'sub-alice' });
    const bob = box.source({ person: 'sub-bob', cacheScope: 'local|test|bob' });
    const inbox = inboxOn(engine);
    const view = (await engine.view(alice))!;
    await setState(view, `inbox/${ids.invoice}`, { starred: true });
    await setState(view, `inbox/${ids.invoice}`, { read: true });
    expect(await setState(view, `inbox/${ids.other}`, { done: true })).toEqual({ read: false, starred: false, done: true });
    const q = async (source: typeof alice, query: string) => (await inbox.page(source, { page: 1, pageSize: 25, query })).items.map((i) => i.id);
    expect(await q(alice, 'is:starred')).toEqual([ids.invoice]);
    expect(await q(alice, 'is:read')).toEqual([ids.invoice]);
    expect(await q(alice, 'is:unread -is:done')).toEqual([ids.reply, ids.hello]);
    expect(await q(bob, 'is:starred')).toEqual([]);
    expect((await inbox.page(alice, { page: 1, pageSize: 25 })).unread).toBe(2);
    expect((await inbox.page(bob, { page: 1, pageSize: 25 })).unread).toBe(4);
    const row = (await inbox.page(alice, { page: 1, pageSize: 25 })).items.find((i) => i.id === ids.invoice)!;
    expect(row).toMatchObject({ read: true, starred: true, done: false });
  }, 60_000);

  it('lists conversations as one row, a conversation whole, and the reader\'s filters, page by page, in the database', async () => {
    const inbox = inboxOn(engineOn(db));
    const alice = box.source({ person: 'sub-alice' });
    const ids_ = async (opts: Parameters<typeof inbox.page>[1]) => {
      const p = await inbox.page(alice, opts);
      return { ids: p.items.map((i) => i.id), total: p.total, items: p.items };
    };
    // The previous test: invoice starred and read, other done.
    const conversations = await ids_({ page: 1, pageSize: 25, threads: true });
    expect(conversations.ids).toEqual([ids.invoice, ids.reply]);
    expect(conversations.total).toBe(2);
    expect(conversations.items[1]).toMatchObject({ threadId: ids.hello, threadSize: 2, threadUnread: 2 });
    expect(conversations.items[0]).toMatchObject({ threadSize: 1, threadUnread: 0 });
    expect((await ids_({ page: 1, pageSize: 25, thread: ids.hello })).ids).toEqual([ids.hello, ids.reply]);
    expect((await ids_({ page: 1, pageSize: 25, view: 'done' })).ids).toEqual([ids.other]);
    expect((await ids_({ page: 1, pageSize: 25, view: 'starred' })).ids).toEqual([ids.invoice]);
    expect(await ids_({ page: 2, pageSize: 1 })).toMatchObject({ ids: [ids.reply], total: 3 });
    expect(await ids_({ page: 3, pageSize: 1, threads: true })).toMatchObject({ ids: [], total: 2 });
    // Reading the reply leaves one unread message in the conversation.
    await setState((await engineOn(db).view(alice))!, `inbox/${ids.reply}`, { read: true });
    expect((await ids_({ page: 1, pageSize: 25, threads: true })).items[1]).toMatchObject({ threadUnread: 1 });
    await setState((await engineOn(db).view(alice))!, `inbox/${ids.reply}`, { read: false });
  }, 60_000);

  it('shows rows listed long ago at once and says so; a fresh poll lists the bucket again', async () => {
    const inbox = inboxOn(engineOn(db));
    const alice = box.source({ person: 'sub-alice' });
    await db.query("UPDATE mailbox_sync SET synced_at = now() - interval '5 minutes', claimed_at = now() - interval '5 minutes'");
    const page = await inbox.page(alice, { page: 1, pageSize: 25, view: 'all' });
    expect(page.index).toMatchObject({ state: 'ready', stale: true });
    expect(page.items).toHaveLength(4);
    const polled = await inbox.page(alice, { page: 1, pageSize: 25, view: 'all', fresh: true });
    expect(polled.index?.stale).toBeUndefined();
    expect(Date.now() - Date.parse(polled.listedAt)).toBeLessThan(60_000);
  }, 60_000);

  it('gives a reader whose key cannot unwrap the index key no rows from it', async () => {
    const engine = engineOn(db);
    const stranger = box.source({ masterKey: randomBytes(32), person: 'sub-eve' });
    const page = await inboxOn(engine).page(stranger, { page: 1, pageSize: 25 });
    expect(page.index?.state).toBe('unavailable');
    expect(page.index?.notice).toBe(NOTICES.denied);
    expect(page.items.every((i) => i.problem && i.subject === '' && i.read === undefined)).toBe(true);
    expect(await engine.view(stranger)).toBeNull();
  }, 60_000);

  it('follows the bucket: a deleted object leaves, a rewritten one is indexed again, a tampered row is dropped and redone', async () => {
    const engine = engineOn(db);
    const source = box.source({ person: 'sub-alice' });
    const inbox = inboxOn(engine);
    await rm(path.join(box.store.root, 'objects', 'inbox', ids.other!));
    await rm(path.join(box.store.root, 'meta', 'inbox', `${ids.other}.json`));
    // The same key written again (a new ETag): its old row must not survive.
    const rewritten = await box.deliver(eml({ subject: 'Hello again', body: 'A kumquat appears.', messageId: 'root2@example.com' }), new Date(Date.UTC(2026, 10, 5)), ids.hello);
    expect(rewritten).toBe(ids.hello);
    await engine.build(source);
    const keys = (await db.query<{ key: string }>("SELECT key FROM messages WHERE scope = 'bucket/inbox/' ORDER BY key")).rows.map((r) => r.key);
    expect(keys.sort()).toEqual([`inbox/${ids.invoice}`, `inbox/${ids.reply}`, `inbox/${rewritten}`].sort());
    const search = async (q: string) => (await inbox.page(source, { page: 1, pageSize: 25, query: q })).items.map((i) => i.id);
    expect(await search('kumquat')).toEqual([rewritten]);
    expect(await search('pizza')).toEqual([]);
    expect(await search('"just saying"')).toEqual([]);

    await db.query("UPDATE messages SET sealed = overlay(sealed placing '\\x00'::bytea from 20 for 1) WHERE key = $1", [`inbox/${ids.invoice}`]);
    const page = await inbox.page(source, { page: 1, pageSize: 25 });
    // Served directly this time (a real summary), the bad row gone from the index…
    expect(page.items.find((i) => i.id === ids.invoice)?.subject).toBe('Invoice Ñ°42');
    const row = await db.query<{ sealed: unknown }>('SELECT sealed FROM messages WHERE key = $1', [`inbox/${ids.invoice}`]);
    expect(row.rows[0]?.sealed).toBeNull();
    // …and made again by the indexer.
    await engine.build(source);
    expect(await search('facture')).toEqual([ids.invoice]);
  }, 120_000);

  it('reads directly, with a notice, when the database cannot be opened', async () => {
    const engine = new IndexEngine({ open: () => Promise.reject(new Error('connection refused')), concurrency: 2 });
    const page = await inboxOn(engine).page(box.source(), { page: 1, pageSize: 25 });
    expect(page.index).toMatchObject({ state: 'unavailable', notice: NOTICES.down });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => !i.problem)).toBe(true);
  }, 60_000);

  it('never makes a page wait for the database to open: it reads directly meanwhile', async () => {
    let opened: (d: IndexDb) => void = () => undefined;
    const engine = new IndexEngine({ open: () => new Promise<IndexDb>((resolve) => (opened = resolve)), concurrency: 2 });
    const t = performance.now();
    const page = await inboxOn(engine).page(box.source(), { page: 1, pageSize: 25 });
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(page.index).toMatchObject({ state: 'building', notice: NOTICES.starting });
    expect(page.items.length).toBeGreaterThan(0);
    opened(db);
  }, 60_000);

  it('starts no background work while a page is in flight', async () => {
    const engine = engineOn(db);
    let idle = false;
    let release: () => void = () => undefined;
    const page = engine.foreground(() => new Promise<void>((r) => (release = r)));
    const waiting = engine.whenIdle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(idle).toBe(false);
    const t = performance.now();
    release();
    await page;
    await waiting;
    expect(idle).toBe(true);
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('holds no subject, address or body word in clear', async () => {
    const dump: string[] = [];
    for (const table of ['index_keys', 'messages', 'person_state', 'schema_migrations']) {
      const r = await db.query(`SELECT * FROM ${table}`);
      for (const row of r.rows) dump.push(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'bigint' ? String(v) : v)));
    }
    const text = dump.join('\n').toLowerCase();
    expect(text).toContain('bucket/inbox/');
    for (const word of ['invoice', 'facture', 'zanzibar', 'kumquat', 'bob@example.org', 'alice', 'example.com', 'hello', 'sub-alice', 'filler']) {
      expect(text, word).not.toContain(word);
    }
  });
});
