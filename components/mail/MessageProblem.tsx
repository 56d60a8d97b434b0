import Link from 'next/link';
import type { ReactNode } from 'react';

/** A message or mailbox that cannot be shown, and why, in words (never a stack or AWS text). */
export function MessageProblem({ title, message, code, id, backHref, backLabel = 'Back to the list', children }: { title: string; message: string; code?: string; id?: string; backHref?: string; backLabel?: string; children?: ReactNode }) {
  return (
    <div className="p-4 sm:p-6">
      <div role="alert" className="max-w-2xl rounded-md border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100" data-testid="message-problem" data-code={code} data-id={id}>
        <h1 className="font-semibold">{title}</h1>
        <p className="mt-1 text-sm">{message}</p>
        {children}
      </div>
      {backHref ? (
        <Link href={backHref} prefetch={false} className="mt-4 inline-block text-sm underline">
          {backLabel}
        </Link>
      ) : null}
    </div>
  );
}
