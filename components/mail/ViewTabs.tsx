'use client';

import Link from 'next/link';
import { listHref, type ListState, type ListView } from './list-url';

const LABELS: Record<ListView, string> = { inbox: 'Inbox', starred: 'Starred', done: 'Done' };

/** Inbox (without done), Starred, Done: the reader's own filters, kept in the URL (?view=). */
export function ViewTabs({ mailbox, state }: { mailbox: string; state: Required<ListState> }) {
  return (
    <nav aria-label="Filters" className="flex gap-1 border-b border-zinc-200 px-2 py-1 text-sm sm:px-3 dark:border-zinc-800" data-testid="view-tabs">
      {(Object.keys(LABELS) as ListView[]).map((v) => {
        const current = v === state.view;
        return (
          <Link
            key={v}
            prefetch={false}
            href={listHref(mailbox, { ...state, view: v, page: 1 })}
            aria-current={current ? 'page' : undefined}
            data-view={v}
            className={`rounded-md px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${
              current ? 'bg-zinc-200 font-semibold text-zinc-950 dark:bg-zinc-800 dark:text-zinc-50' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900'
            }`}
          >
            {LABELS[v]}
          </Link>
        );
      })}
    </nav>
  );
}
