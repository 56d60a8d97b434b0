import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { MessageSummary } from '@/lib/types';
import type { LoadedPage } from './use-inbox';
import type { RowRef } from './row-key';

// The cached lists as the reader's read/star/done change (optimistic, before the server answers).
// A message is named by its own mailbox and id: a search across mailboxes lists rows of other
// mailboxes (and can list one SES id in two of them) under the open mailbox's key, so every cached
// list is looked through, not only the open mailbox's. No React here: the unit test drives it.

export type StatePatch = Partial<Pick<MessageSummary, 'read' | 'starred' | 'done'>>;

/** Every cached list page (each mailbox's lists, searches across mailboxes, conversation views) starts with it. */
export const INBOX_KEY = ['inbox'] as const;

export function unreadKey(mailbox: string) {
  return ['unread', mailbox] as const;
}

const same = (m: MessageSummary, ref: RowRef) => m.id === ref.id && m.mailbox === ref.mailbox;

function allPages(client: QueryClient): Array<[QueryKey, LoadedPage | undefined]> {
  return client.getQueriesData<LoadedPage>({ queryKey: INBOX_KEY });
}

function patchItems(client: QueryClient, change: (m: MessageSummary) => MessageSummary | null): void {
  client.setQueriesData<LoadedPage>({ queryKey: INBOX_KEY }, (old) => {
    if (!old) return old;
    let changed = false;
    const items = old.data.items.map((m) => {
      const next = change(m);
      if (!next) return m;
      changed = true;
      return next;
    });
    return changed ? { ...old, data: { ...old.data, items } } : old;
  });
}

/** Every cached row of this message takes the patch. */
export function patchMessage(client: QueryClient, ref: RowRef, patch: StatePatch): void {
  patchItems(client, (m) => (same(m, ref) ? { ...m, ...patch } : null));
}

/** A cached list row of this message, if any page holds it. */
export function findSummary(client: QueryClient, ref: RowRef): MessageSummary | undefined {
  for (const [, page] of allPages(client)) {
    const hit = page?.data.items.find((m) => same(m, ref));
    if (hit) return hit;
  }
  return undefined;
}

export interface Undo {
  before: Array<[QueryKey, LoadedPage | undefined]>;
  unread: number | undefined;
}

/**
 * The change shown at once: the message's rows, its mailbox's unread count, and the unread count
 * of the conversation rows it belongs to. Returns what puts it all back.
 */
export function applyOptimistic(client: QueryClient, ref: RowRef, patch: StatePatch): Undo {
  const before = allPages(client);
  const unread = client.getQueryData<number>(unreadKey(ref.mailbox));
  const was = findSummary(client, ref);
  patchMessage(client, ref, patch);
  if (patch.read !== undefined && was?.read !== undefined && was.read !== patch.read) {
    const delta = patch.read ? -1 : 1;
    if (unread !== undefined) client.setQueryData(unreadKey(ref.mailbox), Math.max(0, unread + delta));
    const thread = was.threadId;
    if (thread) {
      patchItems(client, (m) => {
        if (m.mailbox !== ref.mailbox || m.threadId !== thread || m.threadUnread === undefined) return null;
        return { ...m, threadUnread: Math.min(m.threadSize ?? Number.POSITIVE_INFINITY, Math.max(0, m.threadUnread + delta)) };
      });
    }
  }
  return { before, unread };
}

export function undoOptimistic(client: QueryClient, ref: RowRef, undo: Undo): void {
  for (const [key, data] of undo.before) client.setQueryData(key, data);
  if (undo.unread !== undefined) client.setQueryData(unreadKey(ref.mailbox), undo.unread);
}
