import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page, type Request } from '@playwright/test';
import type * as AwsProxy from '../scripts/faults/aws-proxy.mjs';
import { signIn } from './idp/sign-in';
import { startReplica } from './replica';
import { PEOPLE } from './test-env';
import { VIEWER_KEY_ALIAS, VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';
import { XSS_MAILBOX, xssId, xssPayloads } from './xss-seed';

// Hostile mail and failing services, in Chromium: @reliability (npm run test:reliability).
// SESAME_XSS_COUNT: how many payloads to open one by one (CI: 120; bench --full: all).

const root = path.resolve(__dirname, '..');
const load = <T>(file: string) => import(pathToFileURL(path.join(root, file)).href) as Promise<T>;

/** Everything a page asks for that is not the app itself: a hostile mail must cause none of it. */
function watch(page: Page, appOrigin: string) {
  const foreign: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r: Request) => {
    const u = r.url();
    if (!u.startsWith(appOrigin) && !u.startsWith('data:') && !u.startsWith('about:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('popup', (p) => foreign.push(`popup ${p.url()}`));
  return { foreign, dialogs };
}

test.describe('@reliability hostile mail', () => {
  test.describe.configure({ mode: 'serial' });

  test('XSS payloads delivered as mail (body, subject, sender name, attachment name) run nothing and fetch nothing', async ({ page, baseURL }) => {
    test.setTimeout(15 * 60_000);
    const payloads = xssPayloads();
    const count = Math.min(payloads.length, Number(process.env.SESAME_XSS_COUNT ?? 120));
    await signIn(page, PEOPLE.alice, `/${XSS_MAILBOX}`);
    const seen = watch(page, baseURL!);
    // The list shows many hostile subjects and names at once.
    await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
    let opened = 0;
    for (let i = 0; i < count; i++) {
      await page.goto(`/${XSS_MAILBOX}/${xssId(i)}`);
      await expect(page.getByTestId('message-view')).toHaveAttribute('data-id', xssId(i));
      await expect(page.frameLocator('[data-testid=message-frame]').locator('body')).toContainText(`Payload ${i}`);
      await expect(page.getByTestId('message-subject')).toContainText(`#${i}`);
      expect(new URL(page.url()).pathname).toBe(`/${XSS_MAILBOX}/${xssId(i)}`);
      opened++;
    }
    // For npm run bench -- --full: the counts behind its table.
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    writeFileSync(path.join(root, 'test-results', 'xss.json'), JSON.stringify({ payloads: count, executed: seen.dialogs.length, fetched: seen.foreign.length }));
    expect(opened).toBe(count);
    expect(seen.dialogs, 'dialogs opened by hostile mail').toEqual([]);
    expect(seen.foreign, 'requests outside the app').toEqual([]);
  });
});

test.describe('@reliability injected faults', () => {
  test('with 20 % of S3 and KMS requests failing, the inbox and messages still render', async ({ page }) => {
    test.setTimeout(5 * 60_000);
    const { startAwsProxy } = await load<typeof AwsProxy>('scripts/faults/aws-proxy.mjs');
    const proxy = await startAwsProxy({ target: process.env.E2E_MOTO_ENDPOINT!, faults: { rate: 0.2, latencyMs: 300 }, seed: 3 });
    const app = await startReplica({ AWS_ENDPOINT_URL_S3: proxy.endpoint, AWS_ENDPOINT_URL_KMS: proxy.endpoint });
    try {
      await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
      await page.goto(`${app.url}/${VIEWER_MAILBOX}`);
      await expect(page.getByTestId('message-row')).toHaveCount(50, { timeout: 60_000 });
      const messages = viewerCorpus().filter((m) => /^(plain-|newsletter-)/.test(m.name)).slice(0, 8);
      let shown = 0;
      for (const m of messages) {
        const res = await page.goto(`${app.url}/${VIEWER_MAILBOX}/${m.sesId}`);
        expect(res?.status()).toBeLessThan(500);
        // Either the message, or its problem in words (e.g. "try again in a moment") — never a crash page.
        await expect(page.getByTestId('message-view').or(page.getByTestId('message-problem'))).toBeVisible({ timeout: 60_000 });
        if (await page.getByTestId('message-view').isVisible()) shown++;
      }
      const injected = Object.values(proxy.stats.injected).reduce((a, b) => a + b, 0);
      expect(injected).toBeGreaterThan(5);
      expect(shown).toBeGreaterThanOrEqual(messages.length - 1);
    } finally {
      await app.stop();
      await proxy.stop();
    }
  });
});

test.describe('@reliability failing services give clear pages', () => {
  test.describe.configure({ mode: 'serial' });

  test('the identity provider is down at sign-in', async ({ page }) => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const port = (dead.address() as { port: number }).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const app = await startReplica({ OIDC_ISSUER: `http://127.0.0.1:${port}` });
    try {
      await page.goto(`${app.url}/${VIEWER_MAILBOX}`);
      await expect(page).toHaveURL(/\/signin/);
      await page.getByRole('button', { name: 'Sign in with SSO' }).click();
      await expect(page.locator('body')).toContainText(/identity provider|Sign-in/i, { timeout: 20_000 });
      await expect(page.locator('body')).not.toContainText(/ECONNREFUSED|TypeError|at \w+ \(|Internal Server Error/);
      expect((await page.request.get(`${app.url}/api/ready`)).status()).toBe(503);
    } finally {
      await app.stop();
    }
  });

  test('STS refuses the person\'s token', async ({ page }) => {
    const sts: Server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end('<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>x</RequestId></ErrorResponse>');
    });
    await new Promise<void>((r) => sts.listen(0, '127.0.0.1', () => r()));
    const app = await startReplica({ AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as { port: number }).port}` });
    try {
      await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
      await page.goto(`${app.url}/${VIEWER_MAILBOX}`);
      await expect(page.locator('body')).toContainText(/AWS did not let your account assume the mail reader role/, { timeout: 20_000 });
      await expect(page.locator('body')).not.toContainText(/AccessDenied|at \w+ \(|Internal Server Error/);
      const api = await page.request.get(`${app.url}/api/mailboxes/${VIEWER_MAILBOX}/messages`);
      expect(api.status()).toBe(403);
      expect((await api.json()).error).toMatch(/trust policy/);
    } finally {
      await app.stop();
      await new Promise<void>((r) => sts.close(() => r()));
    }
  });

  test('the KMS key is disabled in the middle of a session', async ({ page }) => {
    const { startAwsProxy } = await load<typeof AwsProxy>('scripts/faults/aws-proxy.mjs');
    const moto = process.env.E2E_MOTO_ENDPOINT!;
    const proxy = await startAwsProxy({ target: moto });
    const app = await startReplica({ AWS_ENDPOINT_URL_KMS: proxy.endpoint });
    const kms = async (target: string, body: object) =>
      (await fetch(`${moto}/`, {
        method: 'POST',
        headers: { 'x-amz-target': `TrentService.${target}`, 'content-type': 'application/x-amz-json-1.1', authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=x' },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { KeyMetadata?: { KeyId: string } };
    const keyId = (await kms('DescribeKey', { KeyId: VIEWER_KEY_ALIAS })).KeyMetadata!.KeyId;
    const corpus = viewerCorpus();
    const [first, second] = [corpus.find((m) => m.name === 'plain-with-urls')!, corpus.find((m) => m.name === 'plain-latin1-qp')!];
    try {
      await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
      await page.goto(`${app.url}/${VIEWER_MAILBOX}/${first.sesId}`);
      await expect(page.getByTestId('message-view')).toHaveAttribute('data-id', first.sesId);
      await kms('DisableKey', { KeyId: keyId });
      await page.goto(`${app.url}/${VIEWER_MAILBOX}/${second.sesId}`);
      await expect(page.locator('body')).toContainText(/is disabled or pending deletion/, { timeout: 20_000 });
      await expect(page.locator('body')).not.toContainText(/DisabledException|at \w+ \(|Internal Server Error/);
      expect(proxy.stats.disabled).toBeGreaterThan(0);
    } finally {
      await kms('EnableKey', { KeyId: keyId });
      await app.stop();
      await proxy.stop();
    }
  });
});
