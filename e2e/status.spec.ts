import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { BUCKET, MAILBOXES, PEOPLE } from './test-env';
import { VIEWER_MAILBOX } from './viewer-seed';
import { XSS_MAILBOX } from './xss-seed';

// Issue 10 finding 14: error pages answer with their real status on the wire (not a 200 with an
// error drawn on it), and their words never name where mail is kept.

const MISSING_ID = 'a0000000000000000000000000zz';
const prefixes = MAILBOXES.map((m) => m.prefix);
function expectNoStorageLocation(text: string) {
  expect(text).not.toContain(BUCKET);
  expect(text).not.toMatch(/s3:\/\/|\.demo\/|local folder/);
  for (const p of prefixes) expect(text).not.toContain(`${p}${MISSING_ID}`);
}

test('a missing message answers 404, in words that name no bucket or key', async ({ page }) => {
  await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}`);
  // An id no object can have (it would leave the mailbox's prefix) is no message either.
  for (const id of [MISSING_ID, 'not..an..id']) {
    const res = await page.request.get(`/${VIEWER_MAILBOX}/${id}`, { maxRedirects: 0 });
    expect(res.status(), id).toBe(404);
    const html = await res.text();
    expect(html).toContain('There is no such message');
    expectNoStorageLocation(html);
  }

  const api = await page.request.get(`/api/mailboxes/${VIEWER_MAILBOX}/messages/${MISSING_ID}`);
  expect(api.status()).toBe(404);
  expectNoStorageLocation(await api.text());

  await page.goto(`/${VIEWER_MAILBOX}/${MISSING_ID}`);
  await expect(page.locator('[data-testid=message-problem][data-code=not-found]')).toBeVisible();
  expectNoStorageLocation(await page.locator('body').innerText());
});

test('a mailbox the reader may not open answers 403, and so does one that does not exist', async ({ page }) => {
  await signIn(page, PEOPLE.bob, `/${VIEWER_MAILBOX}`);
  for (const path of ['/billing', `/billing/${MISSING_ID}`, '/no-such-mailbox', `/no-such-mailbox/${MISSING_ID}`]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(403);
    const html = await res.text();
    expect(html).toContain('You may not read this');
    expect(html).not.toContain('Billing');
    expectNoStorageLocation(html);
  }
  await page.goto('/billing');
  await expect(page.locator('[data-testid=message-problem][data-code=forbidden]')).toBeVisible();
});

test('a page number past the end says so and links to the last page', async ({ page }) => {
  await signIn(page, PEOPLE.alice, `/${VIEWER_MAILBOX}?page=999`);
  const note = page.getByTestId('list-past-end');
  await expect(note).toBeVisible({ timeout: 30_000 });
  await expect(note).toContainText('There is no page 999');
  const last = note.getByRole('link', { name: 'Go to the last page' });
  const href = await last.getAttribute('href');
  expect(href).toMatch(new RegExp(`^/${VIEWER_MAILBOX}(\\?page=\\d+)?$`));
  await last.click();
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('list-past-end')).toHaveCount(0);
});

test.describe('a plain object planted among encrypted mail (issue 10 finding 5)', () => {
  const PLANTED = 'p1anted0000000000000000000zz';
  const s3 = () =>
    new S3Client({ endpoint: process.env.E2E_MOTO_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

  test.beforeAll(async () => {
    const eml = 'From: ceo@example.com\r\nTo: ap@example.com\r\nSubject: Urgent: new bank details\r\n\r\nPay to IBAN XX00 PLANTED.\r\n';
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${XSS_MAILBOX}/${PLANTED}`, Body: Buffer.from(eml) }));
  });
  test.afterAll(async () => {
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${XSS_MAILBOX}/${PLANTED}` }));
  });

  test('is a row with a problem that says why, and never opens as mail', async ({ page }) => {
    await signIn(page, PEOPLE.alice, '/account');
    const list = await page.request.get(`/api/mailboxes/${XSS_MAILBOX}/messages?fresh=1&pageSize=25`);
    const row = ((await list.json()) as { items: { id: string; subject: string; problem?: { code: string; message: string } }[] }).items.find((m) => m.id === PLANTED);
    expect(row?.problem?.code).toBe('not-encrypted');
    expect(row?.problem?.message).toMatch(/not encrypted/);
    expect(row?.subject).toBe('');

    for (const path of [`/api/mailboxes/${XSS_MAILBOX}/messages/${PLANTED}`, `/api/mailboxes/${XSS_MAILBOX}/messages/${PLANTED}/raw`]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(422);
      expect(await res.text()).not.toMatch(/bank details|PLANTED/);
    }

    await page.goto(`/${XSS_MAILBOX}`);
    await expect(page.locator(`[data-testid=message-row][data-id="${PLANTED}"] [data-testid=row-problem]`)).toContainText(/not encrypted/, { timeout: 30_000 });
    await page.goto(`/${XSS_MAILBOX}/${PLANTED}`);
    await expect(page.getByTestId('message-problem')).toHaveAttribute('data-code', 'not-encrypted');
    await expect(page.locator('body')).not.toContainText(/bank details|PLANTED/);
  });
});
