import { expect, test } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { startReplica, type Replica } from './replica';
import { PEOPLE } from './test-env';
import { VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// The container's entrypoint without Docker: the standalone server laid out and started exactly
// as the Dockerfile's runtime stage does (its COPY lines, its ENV, its CMD, as its non-root user),
// with the same settings as the e2e server. It is a second replica behind the same public URL:
// a person signs in on one and reads on the other, with no sticky session.

let replica: Replica;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  replica = await startReplica({ SESAME_SHUTDOWN_GRACE_SECONDS: '5', LOG_LEVEL: 'info' });
});

test.afterAll(async () => {
  await replica?.stop();
});

test('the image entrypoint serves health and readiness', async ({ request }) => {
  const health = await request.get(`${replica.url}/api/health`);
  expect(health.status()).toBe(200);
  const ready = await request.get(`${replica.url}/api/ready`);
  expect(ready.status(), await ready.text()).toBe(200);
  const body = await ready.text();
  expect(body).not.toMatch(/secret|ASIA|AKIA/i);
  expect(await (await request.get(`${replica.url}/api/mailboxes/${VIEWER_MAILBOX}/messages`)).json()).toEqual({ error: expect.any(String), code: 'unauthorized' });
});

test('sign in on one replica, read the inbox and a message on the other', async ({ page }) => {
  await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
  // Cookies belong to the host, not the port: the second replica receives the same session, and
  // having no cached credentials for it, derives them again from the ID token in the cookie.
  await page.goto(`${replica.url}/${VIEWER_MAILBOX}`);
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
  const m = viewerCorpus().find((x) => x.name === 'newsletter-remote-images')!;
  await page.goto(`${replica.url}/${VIEWER_MAILBOX}/${m.sesId}`);
  await expect(page.getByTestId('message-subject')).toHaveText('The Example Weekly #112: envelopes, DMARC, pixels');
  const frame = page.frameLocator('[data-testid=message-frame]');
  await expect(frame.locator('body')).toContainText('Mail, but encrypted at rest');
  // The sanitizer's worker thread loads in the standalone output: the HTML is not shown as text.
  await expect(frame.locator('.sesame-note')).toHaveCount(0);
  await expect(frame.locator('table').first()).toBeAttached();
  expect(replica.logTail()).not.toMatch(/sanitizing HTML (failed|took too long)/);
  expect(replica.logTail()).toMatch(/"event":"message.read".*"reader":"alice@example.com"/);
});

test('SIGTERM: not ready at once, then a clean exit within the grace period', async ({ request }) => {
  const started = Date.now();
  process.kill(replica.pid!, 'SIGTERM');
  await expect.poll(async () => (await request.get(`${replica.url}/api/ready`).catch(() => null))?.status() ?? 0, { timeout: 5_000 }).toBe(503);
  const exit = await replica.exited;
  expect(exit.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(8_000);
});
