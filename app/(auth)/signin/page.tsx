import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getSettings } from '@/lib/config';
import { safeReturnTo } from '@/lib/auth/session';
import { readSessionToken } from '@/lib/auth/token';
import { signInErrorMessage } from './messages';
import { SignInButton } from './sign-in-button';

export const metadata: Metadata = { title: 'Sign in · Sesame' };

type Search = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnTo(first(params.callbackUrl));
  const error = first(params.error);
  const expired = first(params.reason) === 'expired';

  // Already signed in (e.g. the back button after sign-in): go on. Not after "expired": the
  // session may still decrypt while its tokens can no longer be renewed.
  const session = await readSessionToken((await cookies()).getAll(), getSettings());
  if (session.state === 'valid' && !error && !expired) redirect(callbackUrl);

  return (
    <main className="mx-auto mt-24 max-w-sm px-6">
      <h1 className="text-2xl font-semibold">Sign in to Sesame</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Your company account decides which mailboxes you can read.</p>
      {error ? (
        <p role="alert" className="mt-6 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {signInErrorMessage(error)}
        </p>
      ) : expired ? (
        <p role="status" className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          Your session has expired. Please sign in again.
        </p>
      ) : null}
      <SignInButton callbackUrl={callbackUrl} />
    </main>
  );
}
