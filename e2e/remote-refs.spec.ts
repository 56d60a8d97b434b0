import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { deliverRefs, HUGE_ID, REFERENCE_PATHS, REFS_ID } from './remote-refs-seed';
import { PEOPLE } from './test-env';
import { XSS_MAILBOX } from './xss-seed';

// After "Show", what a remote server learns from each kind of remote reference the sanitizer lets
// through: nothing about the app. The beacon records the headers of every request; none may
// carry a Referer, a Cookie or an Origin. The beacon is addressed as `localhost` (listening on
// 127.0.0.1) so that, as for a real sender, it is another site than the app at 127.0.0.1.

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const hits: Hit[] = [];
let beacon: Server;
let origin = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  beacon = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    hits.push({ path, headers: req.headers });
    if (path === '/link-target') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>outside</title><p>outside</p>');
      return;
    }
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    res.end(GIF);
  });
  await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(beacon.address() as AddressInfo).port}`;
  const endpoint = process.env.E2E_MOTO_ENDPOINT!;
  await deliverRefs(
    {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      E2E_MOTO_ENDPOINT: endpoint,
    },
    origin,
  );
});

test.afterAll(async () => {
  if (beacon) await new Promise<void>((resolve) => beacon.close(() => resolve()));
});

const bodyUrl = (id: string, rest = '') => `/api/mailboxes/${XSS_MAILBOX}/messages/${id}/body${rest}`;

test('after Show, no remote reference of any kind carries a Referer, Cookie or Origin of the app', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, PEOPLE.alice, `/${XSS_MAILBOX}`);
  await page.goto(`/${XSS_MAILBOX}/${REFS_ID}`);
  const frame = page.frameLocator('[data-testid=message-frame]');
  await expect(frame.getByText('Every remote reference, after Show.')).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  expect(hits, 'requests before Show').toEqual([]);

  const bar = page.getByTestId('remote-bar');
  await bar.getByRole('button', { name: 'Show' }).click();
  await expect(bar).toContainText('Remote content is shown');
  await expect(frame.getByText('Every remote reference, after Show.')).toBeVisible();
  // CSS mask images are CORS requests: they would carry `Origin: <app>`, so they are not loaded.
  const wanted = Object.values(REFERENCE_PATHS).filter((p) => p !== REFERENCE_PATHS.maskImage);
  await expect
    .poll(() => wanted.filter((p) => !hits.some((h) => h.path === p)), { timeout: 20_000, message: 'references the beacon never saw' })
    .toEqual([]);

  // A link opens in a new tab, outside the sandbox, without a referrer.
  const popup = context.waitForEvent('page');
  await frame.locator('#out').click();
  const tab = await popup;
  await tab.waitForLoadState();
  await expect(tab.getByText('outside')).toBeVisible();
  expect(new URL(tab.url()).pathname).toBe('/link-target');
  await tab.close();

  await page.waitForTimeout(500);
  // (The opened tab's own favicon request names the tab, on the beacon's origin: not the app.)
  const app = new URL(process.env.E2E_BASE_URL!).host;
  const names = (value: string | undefined) => value !== undefined && (value.includes(app) || value === 'null');
  const leaks = hits
    .filter((h) => names(h.headers.referer) || h.headers.cookie !== undefined || names(h.headers.origin))
    .map((h) => `${h.path}: ${JSON.stringify({ referer: h.headers.referer, cookie: h.headers.cookie, origin: h.headers.origin })}`);
  expect(leaks).toEqual([]);
  expect(hits.some((h) => h.path === '/link-target')).toBe(true);
  expect(hits.some((h) => h.path === REFERENCE_PATHS.maskImage)).toBe(false);
});

test("the body route's CSP sandboxes the document even when it is opened on its own", async ({ page }) => {
  await signIn(page, PEOPLE.alice, `/${XSS_MAILBOX}`);
  for (const rest of ['', '?remote=1']) {
    const res = await page.request.get(bodyUrl(REFS_ID, rest));
    expect(res.status()).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp.split('; ')[0]).toBe('sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    expect(csp).toContain("default-src 'none'");
  }
  // The redirect remote images take is not an open redirect: no navigation, no foreign request.
  const redirect = bodyUrl(REFS_ID, `/remote?u=${encodeURIComponent(`${origin}/navigated`)}`);
  expect((await page.request.get(redirect, { maxRedirects: 0 })).status()).toBe(403);
  const nav = await page.goto(redirect);
  expect(nav?.status()).toBe(403);
  expect(hits.some((h) => h.path === '/navigated')).toBe(false);
  // Opened as a page of its own, it still renders.
  await page.goto(bodyUrl(REFS_ID));
  await expect(page.getByText('Every remote reference, after Show.')).toBeVisible();
});

test('HTML over the input cap is shown as text, with a note saying why', async ({ page }) => {
  await signIn(page, PEOPLE.alice, `/${XSS_MAILBOX}`);
  const started = Date.now();
  await page.goto(`/${XSS_MAILBOX}/${HUGE_ID}`);
  const frame = page.frameLocator('[data-testid=message-frame]');
  await expect(frame.getByRole('note')).toContainText('shown as plain text because the HTML is larger than', { timeout: 30_000 });
  await expect(frame.getByText('Huge but harmless.')).toBeVisible();
  await expect(frame.locator('script')).toHaveCount(0);
  expect(Date.now() - started).toBeLessThan(30_000);
});
