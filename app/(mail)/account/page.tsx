import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { awsIdentityFor } from '@/lib/auth/credentials';
import { ForbiddenError, UnauthorizedError } from '@/lib/auth/errors';
import { requireUser, signInPath } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Your account · Sesame' };

// Who the app and AWS take this person for: what an administrator asks first when a read is refused.
export default async function AccountPage() {
  const ctx = await requireUser('/account');
  const first = ctx.mailboxes[0];
  let identity: string;
  try {
    const aws = first ? await awsIdentityFor(ctx, first) : null;
    identity = aws ? aws.arn : first ? 'the server’s own AWS credentials (server mode)' : '—';
  } catch (err) {
    if (err instanceof UnauthorizedError) redirect(signInPath('/account', 'expired'));
    identity = err instanceof ForbiddenError ? err.message : 'AWS could not be asked right now.';
  }

  return (
    <div className="mx-auto max-w-2xl p-6">
      <h1 className="text-xl font-semibold">Your account</h1>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
        <dd>{ctx.user.email}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
        <dd>{ctx.user.name ?? '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Groups</dt>
        <dd>{ctx.user.groups.length ? ctx.user.groups.join(', ') : '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Mailboxes</dt>
        <dd>{ctx.mailboxes.map((m) => m.label).join(', ') || '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">AWS identity</dt>
        <dd className="break-all font-mono text-xs" data-testid="aws-identity">
          {identity}
        </dd>
      </dl>
    </div>
  );
}
