import Link from 'next/link';

// Any address that is no page of Sesame (real 404).
export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md px-6" data-testid="not-found">
      <h1 className="text-xl font-semibold">There is no such page</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Check the address, or start again from your mailboxes.</p>
      <Link href="/" prefetch={false} className="mt-4 inline-block text-sm underline">
        Go to your mailboxes
      </Link>
    </main>
  );
}
