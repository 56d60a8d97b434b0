import { MessageProblem } from '@/components/mail/MessageProblem';

// Rendered by notFound() in the message layout, with a real 404.
export default function NotFound() {
  return (
    <MessageProblem
      title="There is no such message"
      message="It may have been deleted, or the link is not complete. Look for it in the mailbox's list."
      code="not-found"
      backHref="/"
      backLabel="Go to your mailboxes"
    />
  );
}
