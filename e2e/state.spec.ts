import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { chooseListView } from './list-view';
import { PEOPLE } from './test-env';
import { VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// Issue 11's reading side in the browser: conversations by default, one row with a count, bold
// while any of its messages is unread, opened whole, and the flat list one (remembered) click
// away; unread rows are bold and become read on open (no reload), Shift+U brings them back and
// that survives a reload; star (row and s) shows under Starred; done (e) leaves the inbox and
// shows under Done; a word only in a body finds its message; in a search across mailboxes the
// keys change each row in its own mailbox. bob, so that alice's state in index.spec stays hers
// (alice only where a second mailbox is needed). Screenshots go to test-results/state/.

const MB = VIEWER_MAILBOX;
const SHOTS = 'test-results/state';
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: 'serial' });

const rows = (page: Page) => page.getByTestId('message-row');
const row = (page: Page, id: string, mailbox = MB) => page.locator(`[data-testid=message-row][data-mailbox="${mailbox}"][data-id="${id}"]`);
const stateUrl = (mailbox: string, id: string) => `/api/mailboxes/${mailbox}/messages/${id}/state`;
const senderWeight = (r: Locator) => r.getByTestId('row-sender').evaluate((el) => Number(getComputedStyle(el).fontWeight));

async function waitForIndex(page: Page, mailbox = MB): Promise<void> {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/mailboxes/${mailbox}/messages?pageSize=25`)).json()) as { index?: { state: string } }).index?.state, {
      timeout: 180_000,
      intervals: [1_000],
    })
    .toBe('ready');
}

/** The unread badge beside a mailbox's name (none when nothing is unread). */
async function unreadInNav(page: Page, mailbox = MB): Promise<number> {
  const badge = page.locator(`[data-testid=nav-mailbox][data-mailbox=${mailbox}] [data-testid=nav-unread]`);
  if ((await badge.count()) === 0) return 0;
  return Number(((await badge.textContent()) ?? '0').replace(/\D/g, ''));
}

/** Ids of one mailbox's list for this query (the server's answer, not the page's). */
async function idsOf(page: Page, mailbox: string, params: string): Promise<string[]> {
  const body = (await (await page.request.get(`/api/mailboxes/${mailbox}/messages?pageSize=100&${params}`)).json()) as { items: { id: string }[] };
  return body.items.map((m) => m.id);
}

test('read/unread, star, done and a body-word search', async ({ page }) => {
  test.setTimeout(300_000);
  const corpus = viewerCorpus();
  const idOf = (name: string) => corpus.find((m) => m.name === name)!.sesId;
  await page.setViewportSize({ width: 1280, height: 860 });
  await signIn(page, PEOPLE.bob, `/${MB}`);
  await waitForIndex(page);

  // Body-word search: "Straßenfeier" is far into the body, in neither subject nor preview.
  const latin1 = idOf('plain-latin1-qp');
  const search = `/${MB}?q=${encodeURIComponent('Straßenfeier')}`;
  await page.goto(search);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', latin1);
  await expect(rows(page).first()).not.toContainText('Straßenfeier');

  // Unread: bold, with a label for screen readers; the nav and the tab title count it.
  const r = row(page, latin1);
  await expect(r).toHaveAttribute('data-unread', 'true');
  await expect(r.getByText('Unread.')).toBeAttached();
  expect(Number(await r.getByTestId('row-sender').evaluate((el) => getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(700);
  await expect(page.getByTestId('nav-unread').first()).toBeVisible();
  const before = await unreadInNav(page);
  expect(before).toBeGreaterThan(5);
  await expect(page).toHaveTitle(new RegExp(`\\(${before}\\)`));
  await page.screenshot({ path: `${SHOTS}/desktop-unread.png` });

  // Opening marks it read: the row loses its bold at once, the count goes down, no reload.
  await r.locator('a').click();
  await expect(page.getByTestId('message-view')).toBeVisible();
  await expect(r).toHaveAttribute('data-unread', 'false');
  expect(Number(await r.getByTestId('row-sender').evaluate((el) => getComputedStyle(el).fontWeight))).toBeLessThan(700);
  await expect.poll(() => unreadInNav(page)).toBe(before - 1);

  // Shift+U: unread again, and it stays so after a reload of the list.
  await page.keyboard.press('Shift+U');
  await expect(r).toHaveAttribute('data-unread', 'true');
  await expect.poll(() => unreadInNav(page)).toBe(before);
  await page.goto(search);
  await page.reload();
  await expect(row(page, latin1)).toHaveAttribute('data-unread', 'true');

  // Star from the row; s on the selected row takes it off again; Starred shows what is starred.
  await row(page, latin1).getByTestId('star').click();
  await expect(row(page, latin1)).toHaveAttribute('data-starred', 'true');
  await page.goto(`/${MB}?view=starred`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', latin1);
  await page.reload();
  await expect(row(page, latin1)).toHaveAttribute('data-starred', 'true');
  await page.screenshot({ path: `${SHOTS}/desktop-starred.png` });
  await page.keyboard.press('s');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByTestId('list-empty')).toContainText('No starred messages');
  await expect.poll(async () => ((await (await page.request.get(`/api/mailboxes/${MB}/messages?view=starred`)).json()) as { total: number }).total).toBe(0);

  // Done (e) on the newest message of the flat inbox: it leaves the inbox, Done shows it.
  await page.goto(`/${MB}`);
  await chooseListView(page, 'flat');
  // The newest readable one (the damaged objects of the seed cannot be opened).
  const readable = rows(page).filter({ hasNot: page.getByTestId('row-problem') }).first();
  await expect(readable).toBeVisible();
  const newest = (await readable.getAttribute('data-id'))!;
  await readable.locator('a').focus();
  await page.keyboard.press('e');
  await expect(row(page, newest)).toHaveCount(0);
  await page.reload();
  await expect(rows(page).first()).toBeVisible();
  await expect(row(page, newest)).toHaveCount(0);
  await page.getByTestId('view-tabs').getByRole('link', { name: 'Done' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', newest);
  await page.screenshot({ path: `${SHOTS}/desktop-done.png` });
  // Opened from Done, the message's own button puts it back into the inbox.
  await rows(page).first().locator('a').click();
  await expect(page.getByTestId('message-actions').getByTestId('done')).toHaveText('Move to inbox');
  await page.getByTestId('message-actions').getByTestId('done').click();
  await expect(page.getByTestId('message-actions').getByTestId('done')).toHaveText('Done');
  await page.goto(`/${MB}`);
  await expect(row(page, newest)).toBeVisible();

  // A bad operator is said in words.
  await page.goto(`/${MB}?q=${encodeURIComponent('colour:red')}`);
  await expect(page.getByRole('alert').filter({ hasText: '"colour:" is not a search operator' })).toBeVisible();

  // Phone: the list with state.
  await page.setViewportSize(PHONE);
  await page.goto(`/${MB}`);
  await expect(rows(page).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/phone-inbox.png` });
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
});

test('in a search across mailboxes, s, Shift+U, e and the star change each row in its own mailbox', async ({ browser }) => {
  test.setTimeout(300_000);
  const hello = viewerCorpus().find((m) => m.name === 'plain-hello')!.sesId;
  // alice reads billing too; the seed delivered plain-hello into both mailboxes with one SES id.
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  await signIn(page, PEOPLE.alice, `/${MB}`);
  await waitForIndex(page);
  await waitForIndex(page, 'billing');
  const reset = async () => {
    for (const mb of ['billing', MB]) expect((await page.request.post(stateUrl(mb, hello), { data: { read: true, starred: false, done: false } })).status()).toBe(200);
  };
  await reset();

  await page.goto(`/${MB}?q=${encodeURIComponent('in:all subject:"Quick hello"')}`);
  const billing = row(page, hello, 'billing');
  const support = row(page, hello, MB);
  await expect(billing).toBeVisible({ timeout: 30_000 });
  await expect(support).toBeVisible();
  await expect(billing).toHaveAttribute('data-starred', 'false');
  // Each row says whose it is; the list is of messages, not conversations.
  await expect(billing.getByTestId('row-mailbox')).toHaveText('In Billing.');
  await expect(support.getByTestId('row-mailbox')).toHaveText('In Support.');
  await expect(page.getByTestId('row-thread-count')).toHaveCount(0);
  const billingUnread = await unreadInNav(page, 'billing');

  // The keys act on the row under the cursor, in that row's mailbox: billing's copy, not support's.
  await billing.locator('a').focus();
  await page.keyboard.press('s');
  await expect(billing).toHaveAttribute('data-starred', 'true');
  await expect(support).toHaveAttribute('data-starred', 'false');
  await expect.poll(() => idsOf(page, 'billing', 'view=starred')).toContain(hello);
  expect(await idsOf(page, MB, 'view=starred')).not.toContain(hello);

  await page.keyboard.press('Shift+U');
  await expect(billing).toHaveAttribute('data-unread', 'true');
  await expect(support).toHaveAttribute('data-unread', 'false');
  await expect.poll(() => unreadInNav(page, 'billing')).toBe(billingUnread + 1);
  await expect.poll(() => idsOf(page, 'billing', 'q=is%3Aunread')).toContain(hello);
  expect(await idsOf(page, MB, 'q=is%3Aunread')).not.toContain(hello);
  await page.screenshot({ path: `${SHOTS}/desktop-across-mailboxes.png` });

  await page.keyboard.press('e');
  await expect.poll(() => idsOf(page, 'billing', 'view=done')).toContain(hello);
  expect(await idsOf(page, MB, 'view=done')).not.toContain(hello);

  // The row's star too.
  await billing.getByTestId('star').click();
  await expect(billing).toHaveAttribute('data-starred', 'false');
  await expect.poll(() => idsOf(page, 'billing', 'view=starred')).not.toContain(hello);

  await reset();
  await context.close();
});

test('conversations by default: one row with its count, bold while one of its messages is unread, opened whole', async ({ page }) => {
  test.setTimeout(300_000);
  const corpus = viewerCorpus();
  const roadmap = corpus.filter((m) => m.name.startsWith('thread-roadmap-'));
  expect(roadmap.length).toBeGreaterThan(3);
  await page.setViewportSize({ width: 1280, height: 860 });
  await signIn(page, PEOPLE.bob, `/${MB}`);
  await waitForIndex(page);
  // A known state: the conversation read, but for one of its older messages; nothing done.
  for (const m of roadmap) expect((await page.request.post(stateUrl(MB, m.sesId), { data: { read: true, starred: false, done: false } })).status()).toBe(200);
  const waiting = roadmap[2]!;
  expect((await page.request.post(stateUrl(MB, waiting.sesId), { data: { read: false } })).status()).toBe(200);

  const search = `/${MB}?q=${encodeURIComponent('roadmap')}`;
  await page.goto(search);
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  // Nobody chose a view in this browser: conversations.
  await expect(page.getByTestId('conversations-toggle')).toBeChecked();
  const threadRow = rows(page).filter({ has: page.getByTestId('row-thread-count') });
  await expect(threadRow).toHaveCount(1);
  await expect(threadRow.getByTestId('row-thread-count')).toContainText(String(roadmap.length));
  // The row is the newest message (read); the unread one is older, and the row is bold for it.
  const newestOfThread = (await threadRow.getAttribute('data-id'))!;
  const newestAt = (await threadRow.getAttribute('data-received'))!;
  expect(newestOfThread).not.toBe(waiting.sesId);
  await expect(threadRow).toHaveAttribute('data-thread-unread', '1');
  await expect(threadRow).toHaveAttribute('data-unread', 'true');
  await expect(threadRow.getByText('Unread.')).toBeAttached();
  await expect(threadRow.getByTestId('row-thread-unread')).toHaveText('1 unread');
  expect(await senderWeight(threadRow)).toBeGreaterThanOrEqual(700);
  await page.screenshot({ path: `${SHOTS}/desktop-conversation-row.png` });

  // Opened whole: the newest (the row's message) open after the others, which come oldest first.
  await threadRow.locator('a').click();
  const thread = page.getByTestId('thread-view');
  await expect(thread).toHaveAttribute('data-size', String(roadmap.length));
  await expect(thread.getByTestId('thread-message')).toHaveCount(roadmap.length - 1);
  await expect(page.getByTestId('thread-count')).toContainText(`${roadmap.length} messages`);
  await expect(thread.getByTestId('thread-open').getByTestId('message-view')).toHaveAttribute('data-id', newestOfThread);
  const times = await thread.getByTestId('thread-message').evaluateAll((els) => els.map((e) => e.getAttribute('data-received')!));
  expect([...times].sort()).toEqual(times);
  expect(times.every((t) => t <= newestAt)).toBe(true);
  // The unread one says so; reading it (expanding it) makes the whole conversation read.
  const pending = thread.locator(`[data-testid=thread-message][data-id="${waiting.sesId}"]`);
  await expect(pending.getByText('Unread.')).toBeAttached();
  await pending.locator('summary').click();
  await expect(pending.getByTestId('message-view')).toBeVisible({ timeout: 30_000 });
  await expect(threadRow).toHaveAttribute('data-unread', 'false');
  await expect(threadRow.getByTestId('row-thread-unread')).toHaveCount(0);
  expect(await senderWeight(threadRow)).toBeLessThan(700);
  await expect.poll(() => idsOf(page, MB, 'q=is%3Aunread')).not.toContain(waiting.sesId);
  await page.screenshot({ path: `${SHOTS}/desktop-thread.png`, fullPage: true });

  // On a phone: the list of conversations, then one conversation in place of the list.
  expect((await page.request.post(stateUrl(MB, waiting.sesId), { data: { read: false } })).status()).toBe(200);
  await page.setViewportSize(PHONE);
  await page.goto(search);
  await expect(threadRow).toHaveAttribute('data-unread', 'true');
  await page.screenshot({ path: `${SHOTS}/phone-conversation-row.png` });
  await threadRow.locator('a').click();
  await expect(thread).toHaveAttribute('data-size', String(roadmap.length));
  await page.screenshot({ path: `${SHOTS}/phone-thread.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  // The flat list, chosen with the checkbox: every message its own row; remembered on reload.
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(search);
  await chooseListView(page, 'flat');
  await expect(rows(page).filter({ has: page.getByTestId('row-thread-count') })).toHaveCount(0);
  await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(roadmap.length);
  // Flat, a row is its own message: the unread one bold, the read newest not.
  await expect(row(page, waiting.sesId)).toHaveAttribute('data-unread', 'true');
  await expect(row(page, newestOfThread)).toHaveAttribute('data-unread', 'false');
  await page.reload();
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByTestId('conversations-toggle')).not.toBeChecked();
  await expect(rows(page).filter({ has: page.getByTestId('row-thread-count') })).toHaveCount(0);
  await chooseListView(page, 'conversations');
  await expect(rows(page).filter({ has: page.getByTestId('row-thread-count') })).toHaveCount(1);
  expect((await page.request.post(stateUrl(MB, waiting.sesId), { data: { read: true } })).status()).toBe(200);
});
