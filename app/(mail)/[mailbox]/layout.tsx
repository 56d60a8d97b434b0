import { headers } from 'next/headers';
import { forbidden } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { ForbiddenError } from '@/lib/auth/errors';
import { requireMailbox, requireUser } from '@/lib/auth/session';
import type { MailboxInfo } from '@/lib/types';
import { InboxPane } from '@/components/mail/InboxPane';
import { MailboxPanes } from '@/components/mail/MailboxPanes';

// The list stays mounted across messages of one mailbox: its page, search, polling and keyboard
// cursor survive opening a message. Its rows come from the list API (client side), so a cold
// mailbox shows progress instead of holding the whole page back.
export default async function MailboxLayout({ children, params }: { children: ReactNode; params: Promise<{ mailbox: string }> }) {
  const { mailbox } = await params;
  const ctx = await requireUser((await headers()).get('x-sesame-path') ?? `/${mailbox}`);
  let box: MailboxInfo;
  try {
    const m = requireMailbox(ctx, mailbox);
    box = { id: m.id, label: m.label };
  } catch (err) {
    // Before anything streams, so the status on the wire is a real 403 (app/(mail)/forbidden.tsx).
    // An unknown mailbox answers the same: its existence is not for everyone to learn.
    if (err instanceof ForbiddenError) forbidden();
    throw err;
  }
  return (
    <MailboxPanes
      list={
        <Suspense fallback={null}>
          <InboxPane key={box.id} mailbox={box} mailboxes={ctx.mailboxes.map((m) => ({ id: m.id, label: m.label }))} />
        </Suspense>
      }
    >
      {children}
    </MailboxPanes>
  );
}
