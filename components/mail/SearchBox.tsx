'use client';

import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { buttonClass } from '@/components/ui/button-styles';
import { listHref } from './list-url';

export const SEARCH_INPUT_ID = 'mail-search';

/** Search within the open mailbox; the query lives in the URL (?q=), the list API serves it. */
export function SearchBox() {
  const { mailbox, id } = useParams<{ mailbox?: string; id?: string }>();
  const search = useSearchParams();
  const router = useRouter();
  const q = search.get('q') ?? '';
  if (!mailbox) return null;

  return (
    <form
      role="search"
      // On a phone, reading a message: the mail starts near the top; search is back on the list.
      className={`order-last w-full items-center gap-1 sm:order-none sm:flex sm:w-auto ${id ? 'hidden' : 'flex'}`}
      onSubmit={(e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get('q') ?? '').trim();
        router.push(listHref(mailbox, { q: value, page: 1, pageSize: Number(search.get('size')) || undefined }));
      }}
    >
      <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
        Search mail
      </label>
      <input
        // A new query in the URL (back button, a link) resets what is typed.
        key={q}
        id={SEARCH_INPUT_ID}
        name="q"
        type="search"
        defaultValue={q}
        placeholder="Search mail (from: subject: …)"
        aria-describedby="mail-search-hint"
        autoComplete="off"
        spellCheck={false}
        className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 sm:w-72 lg:w-80 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-400"
      />
      <span id="mail-search-hint" className="sr-only">
        Free words search sender, recipients, subject and the whole text. Also from:, to:, subject:, has:attachment, is:unread, is:read,
        is:starred, is:done, in: a mailbox or in:all, OR between two terms, quotes for a phrase, before: and after: with a date like
        2026-10-31, and a minus sign to exclude a term. Press slash to come back here; question mark lists them all.
      </span>
      <button type="submit" className={buttonClass.secondary}>
        Search
      </button>
      {q ? (
        <button
          type="button"
          className={buttonClass.ghost}
          onClick={() => router.push(listHref(mailbox, { pageSize: Number(search.get('size')) || undefined }))}
        >
          Clear
        </button>
      ) : null}
    </form>
  );
}
