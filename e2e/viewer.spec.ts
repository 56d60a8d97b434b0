import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, test as base, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { CorpusMessage } from '../scripts/corpus/generate';
import { signIn } from './idp/sign-in';
import { chooseListView } from './list-view';
import { PEOPLE } from './test-env';
import { beaconPort, BROKEN, deliverLate, LATE_ID, VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// The viewer in Chromium against the e2e stack (moto S3 + KMS, the local IdP, a production
// build), with the corpus of e2e/viewer-seed.ts in the support mailbox. Every remote reference in
// that corpus points at the beacon below, which counts what reaches it. The list here is the flat
// one (counts, order, paging and keys over every message): alice picks it once with the list's
// checkbox and the saved session remembers it. Conversations, the default, are state.spec's.

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

// Fixture callbacks name their continuation `provide` (not `use`, which the React hooks lint rule claims).
const test = base.extend<{ dialogs: string[] }, { aliceState: StorageState }>({
  // Sign in once per worker, through the IdP, choose the flat list, and reuse the session.
  aliceState: [
    async ({ browser }, provide) => {
      // A worker fixture cannot read the test-scoped baseURL option; the config sets both from this.
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
      const page = await context.newPage();
      await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
      await chooseListView(page, 'flat');
      const state = await context.storageState();
      await context.close();
      await provide(state);
    },
    { scope: 'worker' },
  ],
  storageState: async ({ aliceState }, provide) => provide(aliceState),
  // No page of the viewer may ever open a dialog (alert, confirm, print…), and the app's own
  // pages break none of their CSP (the message frame's CSP refusing mail content is its job).
  dialogs: [
    async ({ page }, provide) => {
      const seen: string[] = [];
      const violations: string[] = [];
      page.on('dialog', (d) => {
        seen.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/.test(msg.text()) && !/\/body(\?|$)/.test(msg.location().url)) violations.push(msg.text());
      });
      await provide(seen);
      expect(seen, 'dialogs opened by the page').toEqual([]);
      expect(violations, 'CSP violations on app pages').toEqual([]);
    },
    { auto: true },
  ],
});

test.describe.configure({ mode: 'serial' });

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const hits: string[] = [];
let beacon: Server;
let corpus: CorpusMessage[] = [];

test.beforeAll(async () => {
  corpus = viewerCorpus();
  beacon = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    res.end(GIF);
  });
  await new Promise<void>((resolve) => beacon.listen(beaconPort(), '127.0.0.1', resolve));
});

test.afterAll(async () => {
  if (beacon) await new Promise<void>((resolve) => beacon.close(() => resolve()));
});

test.beforeEach(() => {
  hits.length = 0;
});

const byName = (name: string): CorpusMessage => {
  const m = corpus.find((c) => c.name === name);
  if (!m) throw new Error(`no corpus message ${name}`);
  return m;
};
const rows = (page: Page): Locator => page.getByTestId('message-row');
const row = (page: Page, id: string): Locator => page.locator(`[data-testid=message-row][data-id="${id}"]`);
const api = (id: string, rest = ''): string => `/api/mailboxes/${VIEWER_MAILBOX}/messages/${id}${rest}`;
/** Mail in the support mailbox at the start: the corpus without the late one, plus two broken objects. */
const initialCount = () => corpus.length - 1 + Object.keys(BROKEN).length;

/** The decoded bytes of a base64 attachment, straight from the .eml the corpus built. */
function partBytes(eml: Buffer, filename: string): Buffer {
  const text = eml.toString('latin1');
  const at = text.search(new RegExp(`filename="?${filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(\\r\\n|;)`));
  if (at < 0) throw new Error(`no part named ${filename}`);
  const start = text.indexOf('\r\n\r\n', at) + 4;
  const end = text.indexOf('\r\n--', start);
  return Buffer.from(text.slice(start, end).replace(/\s+/g, ''), 'base64');
}

async function openInbox(page: Page, query = ''): Promise<void> {
  await page.goto(`/${VIEWER_MAILBOX}${query}`);
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
}

async function openMessage(page: Page, m: CorpusMessage): Promise<void> {
  await page.goto(`/${VIEWER_MAILBOX}/${m.sesId}`);
  await expect(page.getByTestId('message-view')).toHaveAttribute('data-id', m.sesId);
}

/** The message frame once its document (from the body route) has loaded. */
async function loadedFrame(page: Page) {
  const frame = page.frameLocator('[data-testid=message-frame]');
  await expect(frame.locator('body')).toBeAttached();
  return frame;
}

test('the inbox loads newest first, pages through, and shows a broken message in place', async ({ page }) => {
  // The front door leads to the first mailbox this person may read.
  await page.goto('/');
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));
  await expect(rows(page)).toHaveCount(50, { timeout: 30_000 });
  // The flat list, as chosen once in the saved session (a new context remembers it).
  await expect(page.getByTestId('conversations-toggle')).not.toBeChecked();
  await expect(page.getByTestId('list-range')).toHaveText(`1–50 of ${initialCount()}`);

  // Receipt order (S3 LastModified, whole seconds in moto), and within equal seconds the seed's order agrees.
  const listed = await rows(page).evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id')!, at: e.getAttribute('data-received')! })));
  for (let i = 1; i < listed.length; i++) expect(listed[i - 1]!.at >= listed[i]!.at, `row ${i} is newer than row ${i - 1}`).toBe(true);
  const sentAt = new Map(corpus.map((m) => [m.sesId, m.receivedAt.getTime()]));
  const corpusRows = listed.filter((r) => sentAt.has(r.id));
  for (let i = 1; i < corpusRows.length; i++) {
    if (corpusRows[i - 1]!.at !== corpusRows[i]!.at) expect(sentAt.get(corpusRows[i - 1]!.id)!).toBeGreaterThan(sentAt.get(corpusRows[i]!.id)!);
  }

  // A row: sender name and address, subject, snippet, marks, size, a relative date with the exact one on hover.
  const invoice = row(page, byName('attachment-pdf-invoice').sesId);
  if (await invoice.count()) {
    await expect(invoice.getByTestId('row-sender')).toHaveText('Example Hosting Billing');
    await expect(invoice.getByTestId('row-address')).toHaveText('billing@hosting.example.net');
    await expect(invoice.getByTestId('row-attachment')).toBeVisible();
  }
  await expect(rows(page).first().locator('time')).toHaveAttribute('title', /\d{4}/);

  // The two damaged objects say why, in place, in words; their neighbours read normally.
  await expect(row(page, BROKEN.badKey).getByTestId('row-problem')).toContainText('KMS refused');
  await expect(row(page, BROKEN.altered).getByTestId('row-problem')).toContainText('altered');
  for (const id of Object.values(BROKEN)) await expect(row(page, id).getByTestId('row-problem')).not.toContainText(/Exception|Error:|at \w+ \(/);
  await expect(page.getByTestId('row-problem')).toHaveCount(2);

  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId('list-range')).toHaveText(`51–100 of ${initialCount()}`);
  await page.getByLabel('Messages per page').selectOption('100');
  await expect(page).toHaveURL(/size=100/);
  await expect(rows(page)).toHaveCount(100);
});

test('an HTML message opens in the sandboxed frame, with headers, verdicts and encryption', async ({ page }) => {
  const m = byName('newsletter-remote-images');
  await openInbox(page);
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('subject:"Example Weekly #112"');
  await page.keyboard.press('Enter');
  // The search's own list, not the inbox still shown (dimmed) while it loads.
  await expect(rows(page)).toHaveCount(1);
  await row(page, m.sesId).click();
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}/${m.sesId}`));
  await expect(page.getByTestId('message-subject')).toHaveText('The Example Weekly #112: envelopes, DMARC, pixels');
  await expect(page.getByTestId('message-from')).toContainText('newsletter@news.example.org');
  await expect(page.locator('[data-verdict=spam]')).toHaveAttribute('data-status', 'PASS');
  await expect(page.locator('[data-verdict=dkim]')).toHaveAttribute('data-status', /\w+/);
  await expect(page.getByTestId('encryption')).toContainText('KMS key');
  await expect(page.getByTestId('encryption')).toContainText('e2e-inbound');

  const frameEl = page.getByTestId('message-frame');
  await expect(frameEl).toHaveAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  const frame = await loadedFrame(page);
  await expect(frame.getByText('Mail, but encrypted at rest')).toBeVisible();
  // Sanitized in a worker thread of the production build, not shown as text.
  await expect(frame.locator('.sesame-note')).toHaveCount(0);
  for (const link of await frame.locator('a[href]').all()) {
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  }
  // The frame grew to its content: no inner scroll bar.
  const { frameHeight, contentHeight } = await frameEl.evaluate((f: HTMLIFrameElement) => ({
    frameHeight: f.getBoundingClientRect().height,
    contentHeight: f.contentDocument!.body.scrollHeight,
  }));
  expect(frameHeight).toBeGreaterThanOrEqual(contentHeight);

  // Tabs: Text, Headers (all of them, in order).
  await page.getByRole('tab', { name: 'Text' }).click();
  await expect(page.getByTestId('text-body')).toContainText('Mail, but encrypted at rest');
  await page.getByRole('tab', { name: 'Headers' }).click();
  const names = await page.getByTestId('header-table').locator('th[scope=row]').allTextContents();
  const expected = m.eml.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n').filter((l) => /^[^\s:]+:/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
  expect(names).toEqual(expected);
});

test('remote images are not fetched until the reader asks, per message', async ({ page, request }) => {
  const m = byName('newsletter-remote-images');
  await openMessage(page, m);
  await loadedFrame(page);
  const bar = page.getByTestId('remote-bar');
  await expect(bar).toContainText('Remote content is blocked');
  await page.waitForTimeout(1500);
  expect(hits, 'requests that reached the beacon before Show').toEqual([]);

  const blocked = await page.request.get(api(m.sesId, '/body'));
  expect(blocked.headers()['content-security-policy']).toBe(
    "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'",
  );
  expect(blocked.headers()['referrer-policy']).toBe('no-referrer');
  expect(blocked.headers()['x-content-type-options']).toBe('nosniff');
  expect(blocked.headers()['cache-control']).toBe('private, no-store');
  expect(await blocked.text()).not.toContain(`127.0.0.1:${beaconPort()}/newsletter/hero.png`);
  // Without a session there is nothing to see.
  expect((await request.get(api(m.sesId, '/body'), { headers: { cookie: '' } })).status()).toBe(401);

  await bar.getByRole('button', { name: 'Show' }).click();
  await expect(bar).toContainText('Remote content is shown');
  await expect.poll(() => hits.some((h) => h.startsWith('/newsletter/hero.png'))).toBe(true);
  const shown = await page.request.get(api(m.sesId, '/body?remote=1'));
  expect(shown.headers()['content-security-policy']).toContain("img-src 'self' data: http: https:");

  // The choice is per message: the next one is blocked again. (First let this one's last image
  // arrive: remote images take the body route's referrer-free redirect, one hop more.)
  await expect.poll(() => hits.some((h) => h.startsWith(`/pixel.gif?id=${m.sesId}`))).toBe(true);
  await page.waitForTimeout(500);
  hits.length = 0;
  await openMessage(page, byName('newsletter-multiple-pixels'));
  await loadedFrame(page);
  await expect(page.getByTestId('remote-bar')).toContainText('Remote content is blocked');
  await page.waitForTimeout(1000);
  expect(hits).toEqual([]);
});

test('hostile messages run nothing: no dialog, no request to the beacon, no navigation', async ({ page, context }) => {
  // Some twenty messages opened one by one: more than a minute on a busy two-core machine.
  test.setTimeout(240_000);
  const popups: string[] = [];
  context.on('page', (p) => popups.push(p.url()));
  const hostile = corpus.filter((m) => m.tags.includes('hostile'));
  expect(hostile.length).toBeGreaterThan(10);
  for (const m of hostile) {
    await openMessage(page, m);
    if (await page.getByTestId('message-frame').count()) {
      const frame = await loadedFrame(page);
      await expect(frame.locator('script, form, iframe, object, embed, meta[http-equiv]')).toHaveCount(0);
    } else {
      await expect(page.getByRole('tabpanel')).toBeVisible();
    }
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname, `${m.name}: the page navigated`).toBe(`/${VIEWER_MAILBOX}/${m.sesId}`);
    for (const f of page.frames().slice(1)) expect(new URL(f.url()).pathname, `${m.name}: the frame navigated`).toBe(api(m.sesId, '/body'));
    // Attacker-chosen header text is shown as text.
    await expect(page.locator('article img[onerror], article svg[onload]')).toHaveCount(0);
  }
  await page.waitForTimeout(1500);
  expect(hits, 'requests that reached the beacon').toEqual([]);
  expect(popups).toEqual([]);
});

test('cid: images come through the authenticated route; an SVG part is never served', async ({ page }) => {
  const m = byName('inline-cid-images');
  await openMessage(page, m);
  const frame = await loadedFrame(page);
  const imgs = frame.locator('img');
  await expect(imgs).toHaveCount(2);
  for (const img of await imgs.all()) {
    await expect(img).toHaveAttribute('src', new RegExp(`^/api/mailboxes/${VIEWER_MAILBOX}/messages/${m.sesId}/cid/`));
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBeGreaterThan(0);
  }
  const res = await page.request.get((await imgs.first().getAttribute('src'))!);
  expect(res.headers()['content-type']).toBe('image/png');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");

  const svg = byName('hostile-svg-attachment');
  expect((await page.request.get(api(svg.sesId, `/cid/${encodeURIComponent('logo.svg@example.net')}`))).status()).toBe(404);
});

test('attachments download with the right bytes and safe headers; a virus FAIL asks first', async ({ page }) => {
  const m = byName('attachments-mixed');
  await openMessage(page, m);
  const list = page.getByTestId('attachments');
  await expect(list.getByTestId('attachment')).toHaveCount(5);
  await expect(list.getByTestId('attachment-name').first()).toBeVisible();
  // The PNG is previewed through ?inline=1.
  await expect(list.locator('img[src$="?inline=1"]')).toHaveCount(1);

  for (const name of ['chart.png', 'INV-2026-0930.pdf', 'logs.zip']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download ${name}` }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    expect(Buffer.compare(readFileSync((await download.path())!), partBytes(m.eml, name)), `${name} bytes`).toBe(0);
  }

  const index = await list.getByTestId('attachment').filter({ hasText: 'chart.png' }).getAttribute('data-index');
  const res = await page.request.get(api(m.sesId, `/attachments/${index}`));
  expect(res.headers()['content-type']).toBe('application/octet-stream');
  expect(res.headers()['content-disposition']).toBe(`attachment; filename="chart.png"; filename*=UTF-8''chart.png`);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
  expect((await page.request.get(api(m.sesId, `/attachments/${index}?inline=1`))).headers()['content-type']).toBe('image/png');
  const pdfIndex = await list.getByTestId('attachment').filter({ hasText: '.pdf' }).getAttribute('data-index');
  // A PDF preview is the browser's own viewer on a response sandboxed by its CSP (opaque origin).
  const pdfPreview = (await page.request.get(api(m.sesId, `/attachments/${pdfIndex}?inline=1`))).headers();
  expect(pdfPreview['content-type']).toBe('application/pdf');
  expect(pdfPreview['content-security-policy']).toBe("default-src 'none'; sandbox");
  expect(pdfPreview['content-disposition']).toMatch(/^inline; /);

  // Names chosen by a sender cannot climb folders, break the header or hide their extension.
  const hostile = byName('attachment-hostile-filenames');
  await openMessage(page, hostile);
  const count = await page.getByTestId('attachment').count();
  for (let i = 0; i < count; i++) {
    const cd = (await page.request.get(api(hostile.sesId, `/attachments/${i}`))).headers()['content-disposition']!;
    const ascii = /filename="([^"]*)"/.exec(cd)?.[1] ?? '';
    expect(ascii, cd).not.toMatch(/[\\/"\u0000-\u001f]/);
    expect(ascii, cd).not.toMatch(/^\.\.?$/);
    expect(cd, cd).not.toMatch(/%E2%80%AE|\u202e/i);
  }

  const virus = byName('verdict-virus-fail');
  await openMessage(page, virus);
  await expect(page.getByTestId('virus-warning')).toBeVisible();
  await expect(page.locator('[data-verdict=virus]')).toHaveAttribute('data-status', 'FAIL');
  await expect(page.getByRole('link', { name: /^Download invoice-88213\.zip/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Download invoice-88213.zip…' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download invoice-88213.zip anyway' }).click()]);
  expect(Buffer.compare(readFileSync((await download.path())!), partBytes(virus.eml, 'invoice-88213.zip'))).toBe(0);
});

test('Raw shows the .eml exactly, and Download .eml gives its bytes', async ({ page }) => {
  const m = byName('plain-with-urls');
  const res = await page.request.get(api(m.sesId, '/raw'));
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('message/rfc822');
  expect(res.headers()['content-disposition']).toBe(`attachment; filename="${m.sesId}.eml"`);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.compare(await res.body(), m.eml)).toBe(0);

  await openMessage(page, m);
  await page.getByRole('tab', { name: 'Raw' }).click();
  const raw = page.getByTestId('raw-source');
  await expect(raw).toBeVisible();
  expect(await raw.evaluate((el) => el.textContent)).toBe(m.eml.toString('utf8'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('message-view').getByRole('link', { name: 'Download .eml' }).first().click()]);
  expect(download.suggestedFilename()).toBe(`${m.sesId}.eml`);
  expect(Buffer.compare(readFileSync((await download.path())!), m.eml)).toBe(0);

  // A text-only message is shown as text, its links clickable and leaving without a referrer.
  await page.getByRole('tab', { name: 'Text' }).click();
  const link = page.getByTestId('text-body').locator('a').first();
  await expect(link).toHaveAttribute('href', /^https?:\/\//);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
});

test('search finds by sender and by subject, with progress while summaries are read', async ({ page }) => {
  const fromMallory = corpus.filter((m) => /^From:[^\r\n]*mallory@example\.net/im.test(m.eml.toString('latin1').split('\r\n\r\n')[0]!));
  expect(fromMallory.length).toBeGreaterThan(5);
  await openInbox(page);
  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await box.fill('from:mallory');
  await box.press('Enter');
  await expect(page).toHaveURL(/q=from%3Amallory/);
  // The two damaged objects never give a summary: the search says so instead of waiting forever.
  await expect(page.getByTestId('search-unsearched')).toHaveText('2 messages could not be read and were not searched.', { timeout: 30_000 });
  await expect(page.getByTestId('search-progress')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(fromMallory.length);
  const found = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  expect(new Set(found)).toEqual(new Set(fromMallory.map((m) => m.sesId)));

  await box.fill('subject:invoice -from:billing');
  await box.press('Enter');
  await expect(page).toHaveURL(/q=subject%3Ainvoice/);
  await expect(page.getByTestId('search-unsearched')).toBeVisible({ timeout: 30_000 });
  const subjects = await page.getByTestId('row-subject').allTextContents();
  expect(subjects.length).toBeGreaterThan(0);
  for (const s of subjects) expect(s.toLowerCase()).toContain('invoice');
  await expect(row(page, byName('verdict-virus-fail').sesId)).toBeVisible();
  await expect(row(page, byName('attachment-pdf-invoice').sesId)).toHaveCount(0);

  await box.fill('subject:"no such subject anywhere"');
  await box.press('Enter');
  await expect(page.getByTestId('list-empty')).toHaveText('No messages match this search.', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));
  await expect(rows(page)).toHaveCount(50);
});

test('keyboard: j/k move, o and Enter open, u goes back, / searches, ? lists the keys', async ({ page }) => {
  await openInbox(page);
  await expect(rows(page)).toHaveCount(50);
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
  const link = (id: string) => page.locator(`[id="row-${VIEWER_MAILBOX}/${id}"]`);
  // Its view, or its problem in words for the seed's damaged objects (within a second of the
  // newest mail, they can be any of the first rows).
  const opened = async (id: string) => {
    await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}/${id}$`));
    await expect(page.locator(`[data-testid=message-view][data-id="${id}"], [data-testid=message-problem][data-id="${id}"]`)).toBeVisible();
  };

  await page.keyboard.press('j');
  await expect(link(ids[1]!)).toBeFocused();
  await page.keyboard.press('k');
  await expect(link(ids[0]!)).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(link(ids[3]!)).toBeFocused();
  await page.keyboard.press('o');
  await opened(ids[3]!);
  await page.keyboard.press('j');
  await opened(ids[4]!);
  await page.keyboard.press('k');
  await opened(ids[3]!);
  await page.keyboard.press('u');
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));
  await expect(link(ids[3]!)).toBeFocused();
  await page.keyboard.press('Enter');
  await opened(ids[3]!);
  await page.keyboard.press('u');
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));

  // Typing in the search box types; it does not navigate.
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await expect(box).toBeFocused();
  await page.keyboard.type('jk');
  await expect(box).toHaveValue('jk');
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));
  await box.evaluate((el) => (el as HTMLInputElement).blur());

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Back to the list');
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/${VIEWER_MAILBOX}$`));
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('a message that cannot be read says why, and the rest keeps working', async ({ page }) => {
  await page.goto(`/${VIEWER_MAILBOX}/${BROKEN.altered}`);
  const problem = page.getByTestId('message-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-code', 'authentication-failed');
  await expect(problem).not.toContainText(/Exception|stack|at \w+ \(/);
  await page.goto(`/${VIEWER_MAILBOX}/${BROKEN.badKey}`);
  await expect(page.getByTestId('message-problem')).toBeVisible();
  await openMessage(page, byName('plain-hello'));
  await expect(page.getByTestId('text-body')).toBeVisible();
  await page.goto(`/${VIEWER_MAILBOX}/not..an..id`);
  await expect(page.getByTestId('message-problem')).toBeVisible();
});

test('dark mode follows the system, and the toggle is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openInbox(page);
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAttribute('data-mode', 'system');
  await toggle.click(); // system → dark
  await toggle.click(); // dark → light
  await expect(toggle).toHaveAttribute('data-mode', 'light');
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await page.getByTestId('theme-toggle').click(); // light → system
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('list and message replace each other; screenshots', async ({ page }) => {
    await openInbox(page);
    const list = page.getByRole('region', { name: 'Message list' });
    await expect(list).toBeVisible();
    await page.screenshot({ path: 'test-results/viewer-phone-inbox.png' });
    const m = byName('attachments-mixed');
    await openMessage(page, m);
    await expect(list).toBeHidden();
    await loadedFrame(page);
    await page.screenshot({ path: 'test-results/viewer-phone-message.png' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'no sideways scrolling').toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: /Back to the list/ }).click();
    await expect(list).toBeVisible();
  });
});

test('new mail appears without a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await openInbox(page);
  await expect(row(page, LATE_ID)).toHaveCount(0);
  const endpoint = process.env.E2E_MOTO_ENDPOINT!;
  await deliverLate({
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    E2E_MOTO_ENDPOINT: endpoint,
  });
  // The list polls every 20 s.
  await expect(row(page, LATE_ID)).toBeVisible({ timeout: 45_000 });
  await expect(rows(page).first()).toHaveAttribute('data-id', LATE_ID);
  await expect(page.getByTestId('new-mail')).toHaveText('1 new message');
  // The announcement stays until it is followed: to the row, which takes the focus.
  await page.getByTestId('new-mail').click();
  await expect(page.locator(`[id="row-${VIEWER_MAILBOX}/${LATE_ID}"]`)).toBeFocused();
  await expect(page.getByTestId('new-mail')).toHaveCount(0);
});
