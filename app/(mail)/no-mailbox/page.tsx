import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';

// A stable address for "you have no mailbox": the layout shows the explanation to people
// without one; anyone with a mailbox is sent to their first.
export default async function NoMailboxPage() {
  const { mailboxes } = await requireUser('/no-mailbox');
  const first = mailboxes[0];
  if (first) redirect(`/${first.id}`);
  return null;
}
