import { Suspense, type ReactNode } from 'react';
import type { MailboxInfo } from '@/lib/types';
import { buttonClass } from '@/components/ui/button-styles';
import { ThemeToggle } from '@/components/ui/ThemeToggle';
import { MailboxNav } from './MailboxNav';
import { SearchBox } from './SearchBox';

/** The frame around every mail page: mailboxes, search, theme, who is signed in, sign-out. */
export function MailShell({ email, mailboxes, children }: { email: string; mailboxes: MailboxInfo[]; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col scheme-light lg:h-dvh print:block print:h-auto print:min-h-0 dark:scheme-dark">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <header className="print:hidden flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200 px-3 py-2 text-sm sm:px-4 dark:border-zinc-800">
        <span className="font-semibold tracking-tight">Sesame</span>
        <MailboxNav mailboxes={mailboxes} />
        {mailboxes.length ? (
          <Suspense fallback={<div className="order-last w-full sm:order-none sm:w-80" />}>
            <SearchBox />
          </Suspense>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          <span className="hidden max-w-48 truncate text-zinc-600 md:inline dark:text-zinc-400" data-testid="signed-in-email" title={email}>
            {email}
          </span>
          <form method="post" action="/api/auth/logout">
            <button type="submit" className={buttonClass.secondary}>
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className="flex min-h-0 min-w-0 flex-1 flex-col print:block">
        {children}
      </main>
    </div>
  );
}
