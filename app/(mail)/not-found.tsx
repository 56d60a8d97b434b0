import Link from 'next/link';

// Rendered by notFound() in the message layout, with a real 404.
export default function NotFound() {
  return (
    <main className="mx-auto mt-16 max-w-md px-6" data-testid="not-found">
      <h1 className="text-xl font-semibold">There is no such message</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        It may have been deleted, or the link is not complete. Look for it in the mailbox&apos;s list.
      </p>
      <Link href="/" prefetch={false} className="mt-4 inline-block text-sm underline">
        Go to your mailboxes
      </Link>
    </main>
  );
}
