import Link from 'next/link';

// Rendered by forbidden() in the mailbox and message layouts, with a real 403. It gets no props,
// so it says what is true of every case and names nothing (no mailbox, bucket or key).
export default function Forbidden() {
  return (
    <main className="mx-auto mt-16 max-w-md px-6" data-testid="forbidden">
      <h1 className="text-xl font-semibold">You may not read this</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Your account has no access to this mailbox or message. If you need it, ask your administrator to give your account
        access to the mailbox.
      </p>
      <Link href="/" prefetch={false} className="mt-4 inline-block text-sm underline">
        Go to your mailboxes
      </Link>
    </main>
  );
}
