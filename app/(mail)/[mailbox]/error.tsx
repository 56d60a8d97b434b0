'use client';

import { buttonClass } from '@/components/ui/button-styles';

// Anything unexpected below a mailbox: words for the reader, a way to try again, no stack.
export default function MailboxError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="p-4 sm:p-6">
      <div role="alert" className="max-w-2xl rounded-md border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <h1 className="font-semibold">Something went wrong</h1>
        <p className="mt-1 text-sm">This page could not be shown. Try again; if it keeps happening, tell your administrator.</p>
        <button type="button" className={`${buttonClass.secondary} mt-3`} onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
