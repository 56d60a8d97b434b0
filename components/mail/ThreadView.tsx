'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import type { InboxPage, MessageDetail, MessageSummary } from '@/lib/types';
import { LocalTime } from '@/components/ui/LocalTime';
import { displayName } from './format';
import { MessageView } from './MessageView';
import { getJson, inboxKeyPrefix, type LoadedPage } from './use-inbox';
import { useSetState } from './use-mail-state';

// A conversation: every message of it, oldest first, each expandable; the open one (the server
// rendered it: `children`) is expanded in its place. Its rows are cached under the list's key, so
// star/done/unread of any of them patch this view and the list alike.

function OtherMessage({ m, mailbox }: { m: MessageSummary; mailbox: string }) {
  const [open, setOpen] = useState(false);
  const { set } = useSetState();
  const detail = useQuery({
    queryKey: ['message', mailbox, m.id],
    // Reading it is opening it: the server marks it read (and audits the read) as for any open.
    queryFn: ({ signal }) => getJson<MessageDetail>(`/api/mailboxes/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(m.id)}`, signal, 'This message could not be opened. Try again in a moment.'),
    enabled: open,
    retry: false,
    staleTime: 60_000,
  });
  const unread = m.read === false;
  return (
    <li className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid="thread-message" data-id={m.id} data-received={m.receivedAt} data-open={open ? 'true' : 'false'}>
      <details
        onToggle={(e) => {
          const now = e.currentTarget.open;
          setOpen(now);
          if (now && unread) set(m, { read: true }, true);
        }}
      >
        <summary className={`flex cursor-pointer items-baseline gap-2 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${unread ? 'font-semibold' : ''}`}>
          {unread ? <span className="sr-only">Unread. </span> : null}
          <span className="shrink-0">{displayName(m.from)}</span>
          <span className="min-w-0 flex-1 truncate font-normal text-zinc-600 dark:text-zinc-400">{m.snippet}</span>
          <span className="shrink-0 text-xs font-normal text-zinc-600 dark:text-zinc-400">
            <LocalTime iso={m.receivedAt} />
          </span>
        </summary>
        {open ? (
          detail.data ? (
            <MessageView message={{ ...detail.data, hasHtml: detail.data.html !== null }} backHref="" embedded />
          ) : detail.error ? (
            <p role="alert" className="px-3 pb-3 text-sm text-red-800 dark:text-red-300">
              {detail.error.message}
            </p>
          ) : (
            <p className="px-3 pb-3 text-sm text-zinc-600 dark:text-zinc-400">Decrypting…</p>
          )
        ) : null}
      </details>
    </li>
  );
}

export function ThreadView({ mailbox, threadId, openId, backHref, children }: { mailbox: string; threadId: string; openId: string; backHref: string; children: ReactNode }) {
  const thread = useQuery({
    queryKey: [...inboxKeyPrefix(mailbox), 'thread', threadId],
    queryFn: async ({ signal }): Promise<LoadedPage> => {
      const qs = new URLSearchParams({ thread: threadId, pageSize: '100' });
      const data = await getJson<InboxPage>(`/api/mailboxes/${encodeURIComponent(mailbox)}/messages?${qs.toString()}`, signal, 'The conversation could not be loaded.');
      return { data, arrived: [], stalls: 0 };
    },
    retry: false,
    refetchOnWindowFocus: false,
  });
  const items = thread.data?.data.items ?? [];
  const at = items.findIndex((m) => m.id === openId);
  // The open message keeps its place in the tree (its frame is not reloaded when the rest arrives).
  const before = at >= 0 ? items.slice(0, at) : items.filter((m) => m.id !== openId);
  const after = at >= 0 ? items.slice(at + 1) : [];
  const list = (ms: MessageSummary[]) =>
    ms.length ? (
      <ol className="space-y-2 px-3 pt-2 sm:px-5">
        {ms.map((m) => (
          <OtherMessage key={m.id} m={m} mailbox={mailbox} />
        ))}
      </ol>
    ) : null;
  return (
    <section aria-label="Conversation" className="mx-auto w-full max-w-5xl" data-testid="thread-view" data-size={items.length || undefined}>
      {/* On a phone the list is hidden: the way back comes before the conversation, not after it. */}
      {before.length ? (
        <Link href={backHref} prefetch={false} className="mx-3 mt-3 inline-block text-sm text-zinc-700 underline-offset-2 hover:underline sm:mx-5 lg:hidden dark:text-zinc-300">
          ← Back to the list
        </Link>
      ) : null}
      {items.length > 1 ? (
        <p className="px-3 pt-3 text-sm text-zinc-600 sm:px-5 dark:text-zinc-400" data-testid="thread-count">
          Conversation · {items.length} messages, oldest first
        </p>
      ) : null}
      {list(before)}
      <div data-testid="thread-open">{children}</div>
      {list(after)}
      {thread.error ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-800 sm:px-5 dark:text-red-300">
          {thread.error.message}
        </p>
      ) : null}
    </section>
  );
}
