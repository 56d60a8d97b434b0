import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Signed out · Sesame' };
export const dynamic = 'force-dynamic';

export default function SignedOutPage() {
  return (
    <main className="mx-auto mt-24 max-w-sm px-6">
      <h1 className="text-2xl font-semibold">You are signed out</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Your session on this app has ended.</p>
      <Link href="/signin" prefetch={false} className="mt-6 inline-block text-sm font-medium underline">
        Sign in again
      </Link>
    </main>
  );
}
