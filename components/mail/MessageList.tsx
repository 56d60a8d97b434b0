'use client';

import Link from 'next/link';
import type { MessageSummary } from '@/lib/types';
import { displayName, exactDate, formatBytes, relativeDate } from './format';
import { rowDomId, rowKey } from './row-key';
import { rowMarks } from './verdict-words';

function PaperclipIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8">
      <path d="M13.5 6.5 7.6 12.4a1.5 1.5 0 0 0 2.1 2.1l6-6a3 3 0 0 0-4.2-4.2l-6 6a4.5 4.5 0 0 0 6.4 6.4l5-5" strokeLinecap="round" />
    </svg>
  );
}

function LockIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="currentColor">
      {open ? (
        <path d="M14 7V6a4 4 0 1 0-8 0h2a2 2 0 1 1 4 0v1H5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-1Z" />
      ) : (
        <path d="M6 7V6a4 4 0 1 1 8 0v1h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1Zm2 0h4V6a2 2 0 1 0-4 0v1Z" />
      )}
    </svg>
  );
}

function WarningIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 shrink-0" fill="currentColor">
      <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.5 11.3A2 2 0 0 1 16.5 17h-13a2 2 0 0 1-1.7-2.8L8.3 2.9ZM9 7v4h2V7H9Zm0 5.5v2h2v-2H9Z" />
    </svg>
  );
}

function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.5">
      <path d="m10 2.5 2.3 4.8 5.2.7-3.8 3.6.9 5.2L10 14.3l-4.6 2.5.9-5.2L2.5 8l5.2-.7L10 2.5Z" strokeLinejoin="round" />
    </svg>
  );
}

/** The star on a row and in the message's actions; aria-pressed says whether it is on. */
export function StarButton({ starred, onToggle, className = '' }: { starred: boolean; onToggle: () => void; className?: string }) {
  return (
    <button
      type="button"
      aria-pressed={starred}
      aria-label={starred ? 'Starred (s to remove)' : 'Star (s)'}
      title={starred ? 'Remove the star (s)' : 'Star (s)'}
      onClick={onToggle}
      data-testid="star"
      className={`rounded p-1 focus-visible:outline-2 focus-visible:outline-sky-600 ${starred ? 'text-amber-500 dark:text-amber-400' : 'text-zinc-400 hover:text-zinc-700 dark:text-zinc-500 dark:hover:text-zinc-200'} ${className}`}
    >
      <StarIcon filled={starred} />
    </button>
  );
}

export interface MessageListProps {
  items: MessageSummary[];
  hrefOf: (m: MessageSummary) => string;
  /** The row the keyboard cursor is on. */
  cursor: number;
  /** The message shown beside the list, if any (its rowKey). */
  openKey: string | null;
  now: number;
  onFocusRow: (index: number) => void;
  /** Star a row (shown only for rows with state: the index serves them). */
  onStar?: (m: MessageSummary) => void;
  /** Rows stand for conversations: show their message counts; bold while any message is unread. */
  threads?: boolean;
  /** Rows of several mailboxes (a search across them): each row names its mailbox. */
  mailboxLabels?: ReadonlyMap<string, string>;
}

/** Whether a row is shown unread: a conversation while any of its messages is, else the message. */
export function rowUnread(m: MessageSummary, threads: boolean): boolean {
  // Bold only once the index says so; without it every row looks read.
  if (threads && m.threadUnread !== undefined) return m.threadUnread > 0;
  return m.read === false;
}

/** Rows of the inbox, newest first; a row that could not be read says why in place. */
export function MessageList({ items, hrefOf, cursor, openKey, now, onFocusRow, onStar, threads = false, mailboxLabels }: MessageListProps) {
  return (
    <ol className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="message-list">
      {items.map((m, i) => {
        // Rows are in receipt order, so they show the receipt time (a sender can backdate Date).
        const when = m.receivedAt;
        const marks = rowMarks(m.verdicts);
        const key = rowKey(m);
        const isOpen = key === openKey;
        const sender = displayName(m.from);
        const unread = rowUnread(m, threads);
        const count = threads && m.threadSize && m.threadSize > 1 ? m.threadSize : 0;
        // How many of the conversation's messages this reader has not read (the server counts them).
        const waiting = count && m.threadUnread !== undefined && m.threadUnread > 0 ? m.threadUnread : 0;
        return (
          <li
            key={key}
            data-testid="message-row"
            data-id={m.id}
            data-mailbox={m.mailbox}
            data-received={m.receivedAt}
            data-unread={unread ? 'true' : 'false'}
            data-starred={m.starred ? 'true' : 'false'}
            data-thread-size={count || undefined}
            data-thread-unread={count && m.threadUnread !== undefined ? m.threadUnread : undefined}
            className="flex items-start"
          >
            {onStar && m.starred !== undefined ? (
              <StarButton starred={m.starred} onToggle={() => onStar(m)} className="mt-2 ml-1.5 shrink-0 sm:ml-2.5" />
            ) : null}
            <Link
              id={rowDomId(m)}
              href={hrefOf(m)}
              prefetch={false}
              aria-current={isOpen ? 'true' : undefined}
              tabIndex={i === cursor ? 0 : -1}
              onFocus={() => onFocusRow(i)}
              className={`block min-w-0 flex-1 px-3 py-2.5 outline-none ${unread ? 'font-semibold' : ''} focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-600 sm:px-4 ${
                isOpen ? 'bg-sky-50 dark:bg-sky-950/60' : i === cursor ? 'bg-zinc-100 dark:bg-zinc-900' : 'hover:bg-zinc-50 dark:hover:bg-zinc-900/60'
              }`}
            >
              <div className="flex items-baseline gap-2">
                <span className="min-w-0 flex-1 truncate text-sm">
                  {unread ? <span className="sr-only">Unread. </span> : null}
                  <span className={unread ? 'font-bold' : 'font-medium'} data-testid="row-sender">
                    {m.problem && !m.from ? 'Unreadable message' : sender}
                  </span>
                  {m.from?.name && m.from.address ? (
                    <span className="ml-1.5 text-zinc-600 dark:text-zinc-400" data-testid="row-address">
                      {m.from.address}
                    </span>
                  ) : null}
                </span>
                {count ? (
                  <span className="shrink-0 text-xs font-normal text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="row-thread-count">
                    <span className="rounded border border-zinc-300 px-1 dark:border-zinc-600">{count}</span>
                    <span className="sr-only"> messages in this conversation{waiting ? ', ' : ''}</span>
                    {waiting ? (
                      <span className="ml-1 font-semibold text-sky-800 dark:text-sky-300" data-testid="row-thread-unread">
                        {waiting} unread
                      </span>
                    ) : null}
                  </span>
                ) : null}
                <time dateTime={when} title={`Received ${exactDate(when)}`} className="shrink-0 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                  {relativeDate(when, now)}
                </time>
              </div>
              <div className="mt-0.5 flex items-center gap-2">
                {marks.length ? (
                  <span className="flex shrink-0 items-center gap-1" data-testid="row-trust" data-marks={marks.join(',')}>
                    {marks.map((mark) => (
                      <span key={mark} className="rounded border border-red-300 bg-red-50 px-1 text-[11px] font-semibold leading-4 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-200">
                        {mark}
                      </span>
                    ))}
                    <span className="sr-only">.</span>
                  </span>
                ) : null}
                {mailboxLabels ? (
                  <span className="shrink-0 rounded bg-zinc-100 px-1 text-[11px] font-medium leading-4 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="row-mailbox">
                    <span className="sr-only">In </span>
                    {mailboxLabels.get(m.mailbox) ?? m.mailbox}
                    <span className="sr-only">.</span>
                  </span>
                ) : null}
                <span className="min-w-0 flex-1 truncate text-sm" data-testid="row-subject">
                  {m.subject || (m.problem ? '' : <span className="italic text-zinc-600 dark:text-zinc-400">(no subject)</span>)}
                </span>
                <span className="flex shrink-0 items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                  {m.hasAttachments ? (
                    <span title="Has attachments" className="flex items-center" data-testid="row-attachment">
                      <PaperclipIcon />
                      <span className="sr-only">Has attachments.</span>
                    </span>
                  ) : null}
                  <span title={m.encrypted ? 'Stored encrypted' : 'Stored without encryption'} className="flex items-center">
                    <LockIcon open={!m.encrypted} />
                    <span className="sr-only">{m.encrypted ? 'Encrypted.' : 'Not encrypted.'}</span>
                  </span>
                  <span className="tabular-nums">{formatBytes(m.size)}</span>
                </span>
              </div>
              {m.problem ? (
                <p className="mt-1 flex gap-1.5 text-sm text-red-800 dark:text-red-300" data-testid="row-problem">
                  <WarningIcon />
                  <span>{m.problem.message}</span>
                </p>
              ) : m.snippet ? (
                <p className="mt-0.5 truncate text-sm font-normal text-zinc-600 dark:text-zinc-400">{m.snippet}</p>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
