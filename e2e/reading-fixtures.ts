import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import type { CorpusMessage } from '../scripts/corpus/generate';
import { signIn } from './idp/sign-in';
import { PEOPLE } from './test-env';
import { VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// Shared by the reading and accessibility specs: alice signed in once per worker, the corpus of
// e2e/viewer-seed.ts, and a few helpers. Screenshots go to test-results/ui/ (git-ignored).

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

// Fixture callbacks name their continuation `provide` (not `use`, which the React hooks lint rule claims).
export const test = base.extend<object, { aliceState: StorageState }>({
  aliceState: [
    async ({ browser }, provide) => {
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
      await signIn(await context.newPage(), PEOPLE.alice, `/${VIEWER_MAILBOX}`);
      const state = await context.storageState();
      await context.close();
      await provide(state);
    },
    { scope: 'worker' },
  ],
  storageState: async ({ aliceState }, provide) => provide(aliceState),
});

export { expect };

export const SHOTS = 'test-results/ui';

let corpus: CorpusMessage[] | null = null;
export function corpusMessages(): CorpusMessage[] {
  corpus ??= viewerCorpus();
  return corpus;
}

export function byName(name: string): CorpusMessage {
  const m = corpusMessages().find((c) => c.name === name);
  if (!m) throw new Error(`no corpus message ${name}`);
  return m;
}

export const rowOf = (page: Page, id: string) => page.locator(`[data-testid=message-row][data-id="${id}"]`);

export async function openInbox(page: Page): Promise<void> {
  await page.goto(`/${VIEWER_MAILBOX}`);
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
}

/** Opens a message and waits until its view (or its problem) is shown. */
export async function openMessage(page: Page, m: CorpusMessage | string): Promise<void> {
  const id = typeof m === 'string' ? m : m.sesId;
  await page.goto(`/${VIEWER_MAILBOX}/${id}`);
  await expect(page.locator(`[data-testid=message-view][data-id="${id}"], [data-testid=message-problem]`)).toBeVisible({ timeout: 20_000 });
}

/** How much wider than the viewport the page is (0 when it cannot scroll sideways). */
export function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
