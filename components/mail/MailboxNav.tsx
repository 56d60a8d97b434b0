'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { MailboxInfo } from '@/lib/types';
import { focusRing } from '@/components/ui/button-styles';
import { useUnread } from './use-mail-state';

function UnreadBadge({ mailbox }: { mailbox: string }) {
  const unread = useUnread(mailbox);
  if (!unread) return null;
  return (
    <span className="ml-1.5 rounded-full bg-sky-700 px-1.5 text-xs font-semibold tabular-nums text-white dark:bg-sky-400 dark:text-zinc-950" data-testid="nav-unread">
      {unread.toLocaleString()}
      <span className="sr-only"> unread</span>
    </span>
  );
}

export function MailboxNav({ mailboxes }: { mailboxes: MailboxInfo[] }) {
  const { mailbox } = useParams<{ mailbox?: string }>();
  if (!mailboxes.length) return null;
  return (
    <nav aria-label="Mailboxes" className="flex flex-wrap gap-1">
      {mailboxes.map((m) => {
        const current = m.id === mailbox;
        return (
          <Link
            key={m.id}
            data-testid="nav-mailbox"
            data-mailbox={m.id}
            href={`/${m.id}`}
            prefetch={false}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-2 py-1 ${focusRing} ${
              current
                ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
            }`}
          >
            {m.label}
            <UnreadBadge mailbox={m.id} />
          </Link>
        );
      })}
    </nav>
  );
}
