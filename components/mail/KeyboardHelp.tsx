'use client';

import { useEffect, useRef } from 'react';
import { buttonClass } from '@/components/ui/button-styles';

const KEYS: Array<[string, string]> = [
  ['j', 'Next message (down the list)'],
  ['k', 'Previous message (up the list)'],
  ['o or Enter', 'Open the selected message (a conversation opens whole)'],
  ['u', 'Back to the list'],
  ['s', 'Star or unstar the open or selected message'],
  ['e', 'Done: out of the inbox, into Done (again: back to the inbox)'],
  ['Shift+U', 'Mark the open or selected message unread'],
  ['/', 'Search'],
  ['?', 'This list of keys'],
];

// Every operator the search understands (lib/mime/search.ts); the server says so for anything else.
const SYNTAX: Array<[string, string]> = [
  ['invoice march', 'all words, in sender, recipients, subject or the whole text (with the index)'],
  ['"exact phrase"', 'these words (quotes keep them as one term)'],
  ['from:alice', 'sender name or address'],
  ['to:support@', 'a recipient'],
  ['subject:report', 'the subject'],
  ['has:attachment', 'with attachments'],
  ['is:unread  is:read', 'what you have (not) opened'],
  ['is:starred  is:done', 'what you starred, marked done'],
  ['in:billing  in:all', 'another mailbox, or every one you may read'],
  ['after:2026-10-01 before:2026-11-01', 'received on or after, before a day (UTC)'],
  ['refund OR return', 'either term'],
  ['-from:newsletter', 'leave out what matches'],
];

/** The native modal dialog: focus moves in and back, Escape closes it. */
export function KeyboardHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="keys-title"
      className="m-auto max-h-[90dvh] w-[min(36rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      data-testid="keyboard-help"
    >
      <h2 id="keys-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid pointer-coarse:hidden grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {KEYS.map(([k, what]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-5 font-semibold pointer-coarse:mt-2">Search</h3>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {SYNTAX.map(([ex, what]) => (
          <div key={ex} className="contents">
            <dt>
              <code className="font-mono text-xs">{ex}</code>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-5 text-right">
        <button type="button" className={buttonClass.primary} autoFocus onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
