import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';

// The front door: the first mailbox this person may read, or the page that explains there is none.
export default async function Home() {
  const { mailboxes } = await requireUser('/');
  const first = mailboxes[0];
  redirect(first ? `/${encodeURIComponent(first.id)}` : '/no-mailbox');
}
