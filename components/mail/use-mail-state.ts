'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type { MessageSummary } from '@/lib/types';
import { ApiError, getJson } from './use-inbox';
import type { RowRef } from './row-key';
import { applyOptimistic, findSummary, INBOX_KEY, patchMessage, undoOptimistic, unreadKey, type StatePatch } from './state-cache';

// The reader's own read/star/done (kept in the mailbox index; nothing in S3 changes), through
// TanStack Query: every cached list row of the message is patched at once (state-cache.ts), put
// back as it was when the server refuses, and refetched after either way. The change goes to the
// message's own mailbox, whichever mailbox is open. Unread counts are queries of their own.

async function postState(ref: RowRef, patch: StatePatch): Promise<StatePatch> {
  const res = await fetch(`/api/mailboxes/${encodeURIComponent(ref.mailbox)}/messages/${encodeURIComponent(ref.id)}/state`, {
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

/** Star, done, read/unread of a message of any mailbox; `error` says why the last change was undone. */
export function useSetState() {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ ref, patch }: { ref: RowRef; patch: StatePatch; quiet?: boolean }) => postState(ref, patch),
    onMutate: async ({ ref, patch }) => {
      await client.cancelQueries({ queryKey: INBOX_KEY });
      return applyOptimistic(client, ref, patch);
    },
    onError: (_err, { ref, quiet }, undo) => {
      if (undo && !quiet) undoOptimistic(client, ref, undo);
    },
    onSuccess: (state, { ref }) => patchMessage(client, ref, state),
    onSettled: (_data, _err, { ref }) => {
      // Only the lists on screen refetch; the others are marked stale for their next use.
      void client.invalidateQueries({ queryKey: INBOX_KEY });
      void client.invalidateQueries({ queryKey: unreadKey(ref.mailbox) });
    },
  });
  const { mutate } = mutation;
  const set = useCallback((ref: RowRef, patch: StatePatch, quiet = false) => mutate({ ref: { mailbox: ref.mailbox, id: ref.id }, patch, quiet }), [mutate]);
  const failed = mutation.isError && !mutation.variables?.quiet;
  return { set, error: failed ? mutation.error.message : null, reset: mutation.reset };
}

/** The message's row as the lists know it, kept current as the list cache changes. */
export function useSummary(mailbox: string, id: string): MessageSummary | undefined {
  const client = useQueryClient();
  const subscribe = useCallback((onChange: () => void) => client.getQueryCache().subscribe(onChange), [client]);
  return useSyncExternalStore(
    subscribe,
    () => findSummary(client, { mailbox, id }),
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
