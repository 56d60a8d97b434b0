import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { MailShell } from '@/components/mail/MailShell';
import { QueryProvider } from '@/components/mail/QueryProvider';
import { requireUser } from '@/lib/auth/session';
import type { MailboxInfo } from '@/lib/types';

// Every page below checks the session here (and again in its own data calls): the proxy only
// adds headers. Only ids and labels reach the shell, never buckets, prefixes or keys.
export default async function MailLayout({ children }: { children: ReactNode }) {
  const returnTo = (await headers()).get('x-sesame-path') ?? '/';
  const { user, mailboxes } = await requireUser(returnTo);
  const boxes: MailboxInfo[] = mailboxes.map((m) => ({ id: m.id, label: m.label }));

  return (
    <QueryProvider>
    <MailShell email={user.email} mailboxes={boxes}>
      {boxes.length ? (
        children
      ) : (
        <div className="mx-auto mt-24 max-w-md px-6" data-testid="no-mailbox">
          <h1 className="text-xl font-semibold">No mailbox for you yet</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">
            You are signed in as <strong>{user.email}</strong>, but no mailbox is shared with your account. Ask your
            administrator to add you to the access rules (SESAME_ACCESS_RULES) for the mailboxes you need.
          </p>
        </div>
      )}
    </MailShell>
    </QueryProvider>
  );
}
