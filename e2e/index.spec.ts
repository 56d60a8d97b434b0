import { expect, test } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { PEOPLE } from './test-env';
import { VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// The mailbox index through the app's API on a production build (PGlite in a temporary
// SESAME_INDEX_DIR, see test-env.ts): it gets built in the background, then a word deep in a
// message body is found, operators are checked, and each person's read/star/done is their own.

const MB = VIEWER_MAILBOX;
const list = (q?: string) => `/api/mailboxes/${MB}/messages?pageSize=100${q === undefined ? '' : `&q=${encodeURIComponent(q)}`}`;

test.describe.configure({ mode: 'serial' });

test('index: body-word search, operators, per-person state and unread counts', async ({ browser }) => {
  test.setTimeout(240_000);
  const corpus = viewerCorpus();
  const idOf = (name: string) => corpus.find((m) => m.name === name)!.sesId;
  const alice = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await alice.newPage();
  await signIn(page, PEOPLE.alice, `/${MB}`);
  const api = page.request;
  await expect
    .poll(async () => ((await (await api.get(list())).json()) as { index?: { state: string } }).index?.state, { timeout: 180_000, intervals: [1_000] })
    .toBe('ready');

  const ids = async (q: string) => ((await (await api.get(list(q))).json()) as { items: { id: string }[] }).items.map((i) => i.id);
  // Words far past the 140-character snippet: only the index knows them.
  expect(await ids('remembered')).toEqual([idOf('plain-long-lines-qp')]);
  expect(await ids('Straßenfeier')).toEqual([idOf('plain-latin1-qp')]);
  expect(await ids('замечании')).toEqual([idOf('plain-koi8r-base64')]);
  expect(await ids('remembered OR Straßenfeier')).toHaveLength(2);

  // Across mailboxes: every one alice may read, or those named by in:.
  const all = (await (await api.get(`/api/search?q=${encodeURIComponent('in:all remembered')}`)).json()) as { items: { id: string; mailbox: string }[]; mailboxes: { id: string }[] };
  expect(all.items.map((i) => [i.mailbox, i.id])).toEqual([[MB, idOf('plain-long-lines-qp')]]);
  expect(all.mailboxes.map((m) => m.id).sort()).toEqual(['billing', 'lab', 'support']);
  expect((await api.get(`/api/search?q=${encodeURIComponent('in:nosuch x')}`)).status()).toBe(400);

  const bad = await api.get(list('colour:red'));
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/"colour:" is not a search operator/);
  expect((await api.get(list('before:2026-02-30'))).status()).toBe(400);

  const id = idOf('plain-long-lines-qp');
  const state = `/api/mailboxes/${MB}/messages/${id}/state`;
  // Other specs open this corpus as alice too (each open marks read): start from a known state.
  expect((await api.post(state, { data: { read: false, starred: false, done: false } })).status()).toBe(200);
  const starred = await api.post(state, { data: { starred: true } });
  expect(starred.status()).toBe(200);
  expect(await starred.json()).toEqual({ read: false, starred: true, done: false });
  expect(await ids('is:starred')).toEqual([id]);
  expect((await api.post(state, { data: 'starred=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status()).toBe(415);
  expect((await api.post(state, { data: { colour: 'red' } })).status()).toBe(400);

  const unread = async () => ((await (await api.get(`/api/mailboxes/${MB}/unread`)).json()) as { unread: number }).unread;
  const before = await unread();
  expect(before).toBeGreaterThanOrEqual(1);
  // Opening a message marks it read.
  expect((await api.get(`/api/mailboxes/${MB}/messages/${id}`)).status()).toBe(200);
  await expect.poll(unread).toBe(before - 1);
  expect(await ids('is:read')).toContain(id);
  expect(await ids('is:unread')).not.toContain(id);
  expect(await (await api.post(state, { data: { read: false } })).json()).toEqual({ read: false, starred: true, done: false });
  expect(await unread()).toBe(before);

  // bob reads the same mailbox with his own state.
  const bobContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const bob = await bobContext.newPage();
  await signIn(bob, PEOPLE.bob, `/${MB}`);
  const bobList = (await (await bob.request.get(list('is:starred'))).json()) as { items: unknown[]; index?: { state: string } };
  expect(bobList.items).toEqual([]);
  const bobElsewhere = await bob.request.get(`/api/search?q=${encodeURIComponent('in:billing invoice')}`);
  expect(bobElsewhere.status()).toBe(400);
  expect(((await bobElsewhere.json()) as { error: string }).error).toMatch(/not a mailbox you can read/);
  await bobContext.close();
  await alice.close();
});
