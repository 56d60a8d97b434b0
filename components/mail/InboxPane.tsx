'use client';

import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { MailboxInfo, MessageSummary } from '@/lib/types';
import { buttonClass, focusRing } from '@/components/ui/button-styles';
import { useQueryClient } from '@tanstack/react-query';
import { IndexStatus } from './IndexStatus';
import { KeyboardHelp } from './KeyboardHelp';
import { listHref, messageHref, PAGE_SIZES, readListState, safeDecode, type ListView } from './list-url';
import { MessageList } from './MessageList';
import { rowDomId, rowKey, type RowRef } from './row-key';
import { SEARCH_INPUT_ID } from './SearchBox';
import { useConversations } from './use-conversations';
import { crossMailbox, useInbox } from './use-inbox';
import { findSummary } from './state-cache';
import { useSetState, useUnread } from './use-mail-state';
import { useTabTitle } from './tab-title';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';
import { ViewTabs } from './ViewTabs';

const EMPTY: Record<ListView, string> = {
  inbox: 'No messages in this mailbox yet.',
  starred: 'No starred messages. Star one with s or its star.',
  done: 'Nothing marked done. Mark a message done with e; it leaves the inbox and waits here.',
};

/** Rows the reader just moved out of this view (optimistic: before the server's next page). */
function belongs(view: ListView, m: MessageSummary): boolean {
  if (view === 'starred') return m.starred !== false;
  if (view === 'done') return m.done !== false;
  return m.done !== true;
}

function Spinner() {
  return <span aria-hidden="true" className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-600 motion-reduce:animate-none dark:border-zinc-700 dark:border-t-sky-400" />;
}

function focusRow(ref: RowRef | undefined) {
  if (!ref) return;
  const el = document.getElementById(rowDomId(ref));
  el?.focus();
  el?.scrollIntoView({ block: 'nearest' });
}

/** The inbox of one mailbox: one page of rows, search progress, paging, new mail, keyboard. */
export function InboxPane({ mailbox, mailboxes }: { mailbox: MailboxInfo; mailboxes: MailboxInfo[] }) {
  const router = useRouter();
  const search = useSearchParams();
  const state = readListState((n) => search.get(n));
  const { id: rawOpenId } = useParams<{ id?: string }>();
  const openId = rawOpenId ? safeDecode(rawOpenId) : null;
  // The open message is always of this mailbox (a row of another one opens in its own).
  const openKey = openId ? rowKey({ mailbox: mailbox.id, id: openId }) : null;
  const [choice, setConversations] = useConversations();
  const conversations = choice ?? true;
  const across = crossMailbox(state.q);
  // A search across mailboxes lists messages (each from its own mailbox), never conversations.
  const threads = conversations && !across;
  // Rows of several mailboxes say whose they are (ids and labels only, as the navigation shows).
  const labels = across ? new Map(mailboxes.map((m) => [m.id, m.label])) : undefined;
  const { data, stale, arrived, error, searching, unsearched, retry } = useInbox({ mailbox: mailbox.id, ...state, threads }, { enabled: choice !== null });
  const shown = data ?? stale;
  const items: MessageSummary[] = (shown?.items ?? []).filter((m) => state.q || belongs(state.view, m));
  const client = useQueryClient();
  const { set: setState, error: stateError, reset: resetStateError } = useSetState();
  const unread = useUnread(mailbox.id);

  const [helpOpen, setHelpOpen] = useState(false);
  // New mail stays announced until it is opened or the banner is followed to it.
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(() => new Set());
  if (openKey && arrived.includes(openKey) && !acknowledged.has(openKey)) setAcknowledged(new Set([...acknowledged, openKey]));
  const unseen = arrived.filter((k) => k !== openKey && !acknowledged.has(k));
  useTabTitle({ mailbox: mailbox.label, unread }, !openId);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(t);
  }, []);

  // The keyboard cursor (a rowKey) follows the open message; on the list alone, j/k move it.
  const [cursorKey, setCursorKey] = useState<string | null>(openKey);
  const [prevOpen, setPrevOpen] = useState(openKey);
  if (openKey !== prevOpen) {
    setPrevOpen(openKey);
    if (openKey) setCursorKey(openKey);
  }
  const found = items.findIndex((m) => rowKey(m) === cursorKey);
  const cursor = found >= 0 ? found : 0;

  // Back from a message to the list (u, the back link): the keyboard continues on its row.
  const wasOpen = useRef(openId);
  useEffect(() => {
    if (wasOpen.current && !openId) focusRow({ mailbox: mailbox.id, id: wasOpen.current });
    wasOpen.current = openId;
  }, [openId, mailbox.id]);

  // A search with in: lists rows of other mailboxes too: each opens in its own mailbox.
  const hrefOf = (m: MessageSummary) => messageHref(m.mailbox || mailbox.id, m.id, state, threads && m.threadId && (m.threadSize ?? 0) > 1 ? m.threadId : undefined);

  // Opening marks read on the server (lib/index); the row and the counts follow at once.
  useEffect(() => {
    if (!openId) return;
    const ref = { mailbox: mailbox.id, id: openId };
    if (findSummary(client, ref)?.read === false) setState(ref, { read: true }, true);
  }, [openId, client, mailbox.id, setState]);

  /**
   * s, e and Shift+U act on the open message, else on the row under the cursor, in the row's own
   * mailbox (a search across mailboxes lists rows of others).
   */
  const target = (): { ref: RowRef; m: MessageSummary | undefined } | null => {
    if (openId) {
      const ref = { mailbox: mailbox.id, id: openId };
      return { ref, m: findSummary(client, ref) };
    }
    const m = items[cursor];
    return m ? { ref: { mailbox: m.mailbox || mailbox.id, id: m.id }, m } : null;
  };

  useKeyboardShortcuts((key, e) => {
    // Enter on a link or button does what that control does.
    const onControl = e.target instanceof Element && e.target.closest('a, button, summary, select, [role="tab"]') !== null;
    switch (key) {
      case 'j':
      case 'k': {
        if (!items.length) return false;
        const next = Math.min(items.length - 1, Math.max(0, cursor + (key === 'j' ? 1 : -1)));
        const m = items[next];
        if (!m) return false;
        setCursorKey(rowKey(m));
        if (openId) router.push(hrefOf(m));
        else focusRow(m);
        return true;
      }
      case 'o':
      case 'Enter': {
        if (key === 'Enter' && onControl) return false;
        const m = items[cursor];
        if (!m) return false;
        router.push(hrefOf(m));
        return true;
      }
      case 'u':
        if (!openId) return false;
        router.push(listHref(mailbox.id, state));
        return true;
      case '/': {
        const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
        if (!input) return false;
        input.focus();
        input.select();
        return true;
      }
      case '?':
        setHelpOpen(true);
        return true;
      case 's': {
        const t = target();
        if (!t) return false;
        setState(t.ref, { starred: !t.m?.starred });
        return true;
      }
      case 'e': {
        const t = target();
        if (!t) return false;
        const done = !t.m?.done;
        setState(t.ref, { done });
        // Done from the inbox: the message leaves the list, so the reading pane goes back to it.
        if (openId && done && state.view === 'inbox' && !state.q) router.push(listHref(mailbox.id, state));
        return true;
      }
      case 'U': {
        const t = target();
        if (!t) return false;
        setState(t.ref, { read: false });
        return true;
      }
      default:
        return false;
    }
  });

  const Heading = openId ? 'h2' : 'h1';
  const first = shown && shown.total > 0 ? (shown.page - 1) * shown.pageSize + 1 : 0;
  const last = shown ? Math.min(shown.total, shown.page * shown.pageSize) : 0;
  const hasPrev = state.page > 1;
  const hasNext = shown ? shown.page * shown.pageSize < shown.total : false;
  // A page number past the end (an old link, a mailbox that shrank): say so and offer the last page.
  const lastPage = shown ? Math.max(1, Math.ceil(shown.total / shown.pageSize)) : 1;
  const pastEnd = Boolean(data && !searching && state.page > lastPage && data.items.length === 0);
  const pct = data && data.mailboxSize ? Math.floor((data.summarised / data.mailboxSize) * 100) : 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-zinc-200 px-3 py-2 sm:px-4 dark:border-zinc-800">
        <Heading className="text-base font-semibold">
          {mailbox.label}
          {unread ? <span className="font-normal text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="list-unread"> · {unread.toLocaleString()} unread</span> : null}
          {state.q ? <span className="font-normal text-zinc-600 dark:text-zinc-400"> · search</span> : null}
        </Heading>
        <p className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="list-range">
          {shown ? (shown.total ? `${first}–${last} of ${shown.total.toLocaleString()}${searching ? ' so far' : ''}` : '') : ''}
        </p>
        <div className="ml-auto flex items-center gap-1">
          <label
            className="flex items-center gap-1.5 px-1 text-sm text-zinc-700 dark:text-zinc-300"
            title={across ? 'A search across mailboxes lists every message on its own' : 'One row per conversation, or every message on its own'}
          >
            <input type="checkbox" checked={conversations} onChange={(e) => setConversations(e.target.checked)} data-testid="conversations-toggle" className="h-4 w-4 accent-sky-600" />
            Conversations
          </label>
          <label htmlFor="page-size" className="sr-only">
            Messages per page
          </label>
          <select
            id="page-size"
            value={state.pageSize}
            onChange={(e) => router.push(listHref(mailbox.id, { ...state, page: 1, pageSize: Number(e.target.value) }))}
            className={`rounded-md border border-zinc-300 bg-white px-1.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 ${focusRing}`}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n} per page
              </option>
            ))}
          </select>
          <button type="button" className={buttonClass.ghost} onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts and search syntax" title="Search syntax and keyboard shortcuts">
            ?
          </button>
        </div>
      </div>

      <ViewTabs mailbox={mailbox.id} state={state} />
      <IndexStatus index={data?.index} />
      {stateError ? (
        <div role="alert" className="flex items-center gap-2 border-b border-red-300 bg-red-50 px-3 py-1.5 text-sm text-red-900 sm:px-4 dark:border-red-800 dark:bg-red-950 dark:text-red-200" data-testid="state-error">
          <span className="flex-1">{stateError} Nothing was changed.</span>
          <button type="button" className={buttonClass.ghost} onClick={resetStateError}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite" className="empty:hidden">
        {searching && data ? (
          <div className="border-b border-zinc-200 px-3 py-2 text-sm sm:px-4 dark:border-zinc-800" data-testid="search-progress">
            <div className="flex items-center gap-2">
              <Spinner />
              <span>
                Searching: {data.summarised.toLocaleString()} of {data.mailboxSize.toLocaleString()} messages read so far
              </span>
            </div>
            <div role="progressbar" aria-label="Search progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="mt-1.5 h-1 rounded bg-zinc-200 dark:bg-zinc-800">
              <div className="h-1 rounded bg-sky-600 dark:bg-sky-400" style={{ width: `${pct}%` }} />
            </div>
          </div>
        ) : null}
        {unsearched > 0 ? (
          <p className="border-b border-zinc-200 px-3 py-1.5 text-sm text-zinc-700 sm:px-4 dark:border-zinc-800 dark:text-zinc-300" data-testid="search-unsearched">
            {unsearched === 1 ? '1 message could not be read and was not searched.' : `${unsearched} messages could not be read and were not searched.`}
          </p>
        ) : null}
        {unseen.length > 0 ? (
          <button
            type="button"
            className="block w-full border-b border-zinc-200 bg-sky-50 px-3 py-1.5 text-left text-sm font-medium text-sky-900 hover:underline sm:px-4 dark:border-zinc-800 dark:bg-sky-950 dark:text-sky-200"
            title="Show in the list"
            data-testid="new-mail"
            onClick={() => {
              setAcknowledged((s) => new Set([...s, ...unseen]));
              setCursorKey(unseen[0] ?? null);
              focusRow(items.find((m) => rowKey(m) === unseen[0]));
            }}
          >
            {unseen.length === 1 ? '1 new message' : `${unseen.length} new messages`}
          </button>
        ) : null}
      </div>

      <div className="min-h-0 flex-1 lg:overflow-y-auto">
        {error ? (
          <div role="alert" className="m-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            <p>{error.message}</p>
            {error.status === 401 ? (
              <a className="mt-2 inline-block font-medium underline" href={`/signin?callbackUrl=${encodeURIComponent(listHref(mailbox.id, state))}`}>
                Sign in again
              </a>
            ) : (
              <button type="button" className={`${buttonClass.secondary} mt-2`} onClick={retry}>
                Try again
              </button>
            )}
          </div>
        ) : null}

        {!shown && !error ? (
          <div role="status" aria-live="polite" className="flex items-center gap-2 p-4 text-sm text-zinc-700 dark:text-zinc-300" data-testid="list-loading">
            <Spinner />
            {state.q ? 'Searching…' : 'Reading and decrypting the newest messages…'}
          </div>
        ) : null}

        {shown ? (
          <div className={data ? '' : 'opacity-60'} aria-busy={!data} data-testid="list-body">
            {items.length ? (
              <MessageList
                items={items}
                hrefOf={hrefOf}
                cursor={cursor}
                openKey={openKey}
                now={now}
                onFocusRow={(i) => setCursorKey(items[i] ? rowKey(items[i]) : null)}
                onStar={(m) => setState(m, { starred: !m.starred })}
                threads={threads}
                mailboxLabels={labels}
              />
            ) : pastEnd ? (
              <p className="p-4 text-sm text-zinc-700 dark:text-zinc-300" data-testid="list-past-end">
                There is no page {state.page}: {state.q ? 'this search has' : 'this mailbox has'} {lastPage === 1 ? 'only 1 page' : `only ${lastPage.toLocaleString()} pages`}.{' '}
                <Link prefetch={false} className="font-medium underline" href={listHref(mailbox.id, { ...state, page: lastPage })}>
                  Go to the last page
                </Link>
              </p>
            ) : (
              <p className="p-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="list-empty">
                {state.q ? (searching ? 'No matches yet; still reading the mailbox…' : 'No messages match this search.') : EMPTY[state.view]}
              </p>
            )}
          </div>
        ) : null}

        {hasPrev || hasNext ? (
          <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t border-zinc-200 px-3 py-2 sm:px-4 dark:border-zinc-800">
            {hasPrev ? (
              <Link prefetch={false} className={buttonClass.secondary} href={listHref(mailbox.id, { ...state, page: state.page - 1 })} rel="prev">
                ← Newer
              </Link>
            ) : (
              <span />
            )}
            <span className="text-sm text-zinc-600 dark:text-zinc-400">Page {state.page}</span>
            {hasNext ? (
              <Link prefetch={false} className={buttonClass.secondary} href={listHref(mailbox.id, { ...state, page: state.page + 1 })} rel="next">
                Older →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </div>
      <KeyboardHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
