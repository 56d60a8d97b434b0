import { MessageProblem } from '@/components/mail/MessageProblem';

// Rendered by forbidden() in the mailbox and message layouts, with a real 403. It gets no props,
// so it says what is true of every case and names nothing (no mailbox, bucket or key).
export default function Forbidden() {
  return (
    <MessageProblem
      title="You may not read this"
      message="Your account has no access to this mailbox or message. If you need it, ask your administrator to give your account access to the mailbox."
      code="forbidden"
      backHref="/"
      backLabel="Go to your mailboxes"
    />
  );
}
