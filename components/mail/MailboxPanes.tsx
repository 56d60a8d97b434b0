'use client';

import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';

/**
 * List beside message on wide screens; on narrow ones the open message replaces the list
 * (the list stays mounted, hidden, so its polling and keyboard keep working).
 */
export function MailboxPanes({ list, children }: { list: ReactNode; children: ReactNode }) {
  const { id } = useParams<{ id?: string }>();
  const open = Boolean(id);
  return (
    <div className="flex min-h-0 min-w-0 flex-1 print:block">
      <section
        aria-label="Message list"
        className={`${open ? 'hidden lg:flex print:hidden' : 'flex'} w-full min-w-0 flex-col lg:w-[28rem] lg:shrink-0 lg:border-r lg:border-zinc-200 xl:w-[32rem] dark:lg:border-zinc-800`}
      >
        {list}
      </section>
      <div className={`${open ? 'flex' : 'hidden lg:flex'} min-w-0 flex-1 flex-col lg:overflow-y-auto print:block print:overflow-visible`}>{children}</div>
    </div>
  );
}
