'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type { MessageSummary } from '@/lib/types';
import { ApiError, getJson, inboxKeyPrefix, type LoadedPage } from './use-inbox';

// The reader's own read/star/done (kept in the mailbox index; nothing in S3 changes), through
// TanStack Query: every cached list page is patched at once (optimistic), put back as it was when
// the server refuses, and refetched after either way. Unread counts are queries of their own.

export type StatePatch = Partial<Pick<MessageSummary, 'read' | 'starred' | 'done'>>;

export function unreadKey(mailbox: string) {
  return ['unread', mailbox] as const;
}

function patchPages(client: QueryClient, mailbox: string, id: string, patch: StatePatch): void {
  client.setQueriesData<LoadedPage>({ queryKey: inboxKeyPrefix(mailbox) }, (old) =>
    old && old.data.items.some((m) => m.id === id) ? { ...old, data: { ...old.data, items: old.data.items.map((m) => (m.id === id ? { ...m, ...patch } : m)) } } : old,
  );
}

async function postState(mailbox: string, id: string, patch: StatePatch): Promise<StatePatch> {
  const res = await fetch(`/api/mailboxes/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(id)}/state`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new ApiError(body?.error ?? 'The change could not be saved. Try again in a moment.', res.status);
  }
  return (await res.json()) as StatePatch;
}

/** Star, done, read/unread of one mailbox's messages; `error` says why the last change was undone. */
export function useSetState(mailbox: string) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: StatePatch; quiet?: boolean }) => postState(mailbox, id, patch),
    onMutate: async ({ id, patch }) => {
      await client.cancelQueries({ queryKey: inboxKeyPrefix(mailbox) });
      const before = client.getQueriesData<LoadedPage>({ queryKey: inboxKeyPrefix(mailbox) });
      const unread = client.getQueryData<number>(unreadKey(mailbox));
      const was = findSummary(client, mailbox, id);
      patchPages(client, mailbox, id, patch);
      if (unread !== undefined && patch.read !== undefined && was && was.read !== undefined && was.read !== patch.read) {
        client.setQueryData(unreadKey(mailbox), Math.max(0, unread + (patch.read ? -1 : 1)));
      }
      return { before, unread };
    },
    onError: (_err, { quiet }, ctx) => {
      if (!ctx || quiet) return;
      for (const [key, data] of ctx.before) client.setQueryData(key, data);
      if (ctx.unread !== undefined) client.setQueryData(unreadKey(mailbox), ctx.unread);
    },
    onSuccess: (state, { id }) => patchPages(client, mailbox, id, state),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: inboxKeyPrefix(mailbox) });
      void client.invalidateQueries({ queryKey: unreadKey(mailbox) });
    },
  });
  const { mutate } = mutation;
  const set = useCallback((id: string, patch: StatePatch, quiet = false) => mutate({ id, patch, quiet }), [mutate]);
  const failed = mutation.isError && !mutation.variables?.quiet;
  return { set, error: failed ? mutation.error.message : null, reset: mutation.reset };
}

/** The newest cached list row of this message, if any page holds it. */
export function findSummary(client: QueryClient, mailbox: string, id: string): MessageSummary | undefined {
  for (const [, page] of client.getQueriesData<LoadedPage>({ queryKey: inboxKeyPrefix(mailbox) })) {
    const hit = page?.data.items.find((m) => m.id === id);
    if (hit) return hit;
  }
  return undefined;
}

/** The message's row as the list knows it, kept current as the list cache changes. */
export function useSummary(mailbox: string, id: string): MessageSummary | undefined {
  const client = useQueryClient();
  const subscribe = useCallback((onChange: () => void) => client.getQueryCache().subscribe(onChange), [client]);
  return useSyncExternalStore(
    subscribe,
    () => findSummary(client, mailbox, id),
    () => undefined,
  );
}

/** Unread messages of a mailbox for this reader; undefined while unknown or without the index. */
export function useUnread(mailbox: string): number | undefined {
  const q = useQuery({
    queryKey: unreadKey(mailbox),
    queryFn: ({ signal }) => getJson<{ unread: number }>(`/api/mailboxes/${encodeURIComponent(mailbox)}/unread`, signal, 'no count').then((b) => b.unread),
    refetchInterval: 30_000,
    refetchOnWindowFocus: false,
    retry: false,
    staleTime: 5_000,
  });
  return q.data;
}
