'use client';

import { buttonClass } from '@/components/ui/button-styles';
import { CopyButton } from '@/components/ui/CopyButton';
import { StarButton } from './MessageList';
import { useTabTitle } from './tab-title';
import { useSetState, useSummary, useUnread } from './use-mail-state';

export interface MessageActionsProps {
  mailbox: string;
  id: string;
  rawUrl: string;
  copyId: string;
  subject: string;
  mailboxLabel?: string;
  /** One message of a conversation view: the tab keeps the open message's name. */
  embedded?: boolean;
}

/** The reader's own state of the open message: star (s), done (e), unread (Shift+U). */
function StateActions({ mailbox, id }: { mailbox: string; id: string }) {
  const m = useSummary(mailbox, id);
  const { set, error } = useSetState();
  const ref = { mailbox, id };
  // Only rows from the index carry state; without it there is nothing to change.
  if (!m || m.starred === undefined) return null;
  return (
    <>
      <StarButton starred={m.starred} onToggle={() => set(ref, { starred: !m.starred })} className="border border-zinc-300 dark:border-zinc-700" />
      <button type="button" className={buttonClass.compact} onClick={() => set(ref, { done: !m.done })} aria-pressed={m.done === true} data-testid="done" title="e">
        {m.done ? 'Move to inbox' : 'Done'}
      </button>
      <button type="button" className={buttonClass.compact} onClick={() => set(ref, { read: !m.read })} data-testid="mark-unread" title="Shift+U">
        {m.read === false ? 'Mark read' : 'Mark unread'}
      </button>
      {error ? (
        <span role="alert" className="basis-full text-right text-sm text-red-800 dark:text-red-300" data-testid="state-error">
          {error} Nothing was changed.
        </span>
      ) : null}
    </>
  );
}

/** The row of actions under the headers; also names the tab after the open message. */
export function MessageActions({ mailbox, id, rawUrl, copyId, subject, mailboxLabel, embedded = false }: MessageActionsProps) {
  const unread = useUnread(mailbox);
  useTabTitle({ subject, mailbox: mailboxLabel, unread }, !embedded);
  return (
    <div className="flex flex-wrap items-center justify-end gap-1.5 print:hidden" data-testid="message-actions">
      <StateActions mailbox={mailbox} id={id} />
      <a href={rawUrl} download className={buttonClass.compact}>
        <span className="hidden sm:inline">Download .eml</span>
        <span className="sm:hidden" aria-hidden="true">.eml</span>
        <span className="sr-only sm:hidden">Download .eml</span>
      </a>
      <CopyButton text={copyId} label="Copy message ID" shortLabel="Copy ID" className={buttonClass.compact} />
      <button type="button" className={buttonClass.compact} onClick={() => window.print()} data-testid="print">
        Print
      </button>
    </div>
  );
}
