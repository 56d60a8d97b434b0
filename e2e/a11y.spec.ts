import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { byName, expect, openInbox, openMessage, SHOTS, test } from './reading-fixtures';

// axe over the main pages, light and dark, desktop and phone: no serious or critical finding.
// The message frame is the sender's HTML (kept on white, never restyled), so axe skips it.

test.describe.configure({ mode: 'default' });

async function serious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).exclude('[data-testid=message-frame]').exclude('[data-testid=pdf-preview]').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    test(`${label} ${scheme}: inbox, message, account`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await openInbox(page);
      expect(await serious(page), 'inbox').toEqual([]);
      for (const name of ['verdict-dmarc-fail', 'attachments-mixed', 'newsletter-product-digest']) {
        await openMessage(page, byName(name));
        await page.getByTestId('checks-chip').click();
        expect(await serious(page), name).toEqual([]);
      }
      await page.goto('/account');
      await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
      expect(await serious(page), 'account').toEqual([]);
    });
  }

  test(`sign-in page ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto('/signin');
    await expect(page.getByRole('button', { name: 'Sign in with SSO' })).toBeVisible();
    expect(await serious(page), 'signin').toEqual([]);
    await page.screenshot({ path: `${SHOTS}/signin-${scheme}.png` });
    await context.close();
  });
}
