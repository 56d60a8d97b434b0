import { expect, type Page } from '@playwright/test';

// The list's view as a reader picks it: conversations (the default) or the flat list, with the
// checkbox above the list. The choice is remembered in localStorage, so a saved storage state
// (a spec's signed-in session) carries it into later contexts.

export type ListViewChoice = 'conversations' | 'flat';

/** On a list page with rows: choose the view, and wait until the rows shown are of that view. */
export async function chooseListView(page: Page, view: ListViewChoice): Promise<void> {
  // The rows come from the browser's first fetch: once one shows, the page has hydrated and the
  // checkbox is React's (a click before that would be lost).
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
  const toggle = page.getByTestId('conversations-toggle');
  await toggle.setChecked(view === 'conversations');
  await expect(toggle).toBeChecked({ checked: view === 'conversations' });
  // Not the other view's rows, shown dimmed while these load.
  await expect(page.getByTestId('list-body')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
}
