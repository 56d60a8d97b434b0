'use client';

import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { InboxPage } from '@/lib/types';
import type { SearchAllPage } from '@/lib/index/search-all';
import type { ListView } from './list-url';
import { rowKey } from './row-key';
import { INBOX_KEY } from './state-cache';

export interface InboxParams {
  mailbox: string;
  page: number;
  pageSize: number;
  q: string;
  view: ListView;
  /** One row per conversation (the index groups them). */
  threads: boolean;
}

export interface InboxError {
  status: number;
  message: string;
}

/** A page as cached: the server's page plus what this browser learnt across polls of it. */
export interface LoadedPage {
  data: InboxPage;
  /** Rows (rowKey) that appeared at a poll since this page was loaded, newest first, still on it. */
  arrived: string[];
  /** Search polls in a row that found no new summary. */
  stalls: number;
  /** This page came from a poll that asked for a fresh listing (not the first load). */
  polled?: boolean;
}

// Messages that cannot be read (a key the reader may not use, a damaged object) never get a
// summary: after this many polls without progress the search stops waiting for them.
const MAX_STALLS = 6;

const POLL_MS = 20_000;
const NONE: string[] = [];
const SEARCH_POLL_MS = 1_000;
// The first load showed rows the server last matched to the bucket a while ago (after a restart,
// or when nobody was reading): ask again at once for a fresh listing (the server waits up to 3 s
// for it); new mail then comes in with the banner. Once: later polls keep their pace.
const STALE_POLL_MS = 500;

/** Every cached page of one mailbox's list (its searches across mailboxes too) starts with this key. */
export function inboxKeyPrefix(mailbox: string) {
  return [...INBOX_KEY, mailbox] as const;
}

function keyOf(p: InboxParams) {
  return [...inboxKeyPrefix(p.mailbox), p.page, p.pageSize, p.q, p.view, p.threads] as const;
}

/** in:MAILBOX / in:all reach past this mailbox: the search over every mailbox the person may read serves them. */
export function crossMailbox(q: string): boolean {
  return /(^|\s)-?in:\S/i.test(q);
}

function acrossUrl(p: InboxParams): string {
  const qs = new URLSearchParams({ q: p.q, page: String(p.page), pageSize: String(p.pageSize) });
  return `/api/search?${qs.toString()}`;
}

function asInboxPage(s: SearchAllPage): InboxPage {
  const sum = (f: (m: SearchAllPage['mailboxes'][number]) => number) => s.mailboxes.reduce((n, m) => n + f(m), 0);
  return {
    items: s.items,
    total: s.total,
    page: s.page,
    pageSize: s.pageSize,
    summarised: sum((m) => m.summarised),
    failed: sum((m) => m.failed),
    mailboxSize: sum((m) => m.mailboxSize),
    listedAt: new Date().toISOString(),
    index: s.mailboxes.find((m) => m.index?.notice)?.index ?? s.mailboxes[0]?.index,
  };
}

function urlOf(p: InboxParams, fresh: boolean): string {
  const qs = new URLSearchParams({ page: String(p.page), pageSize: String(p.pageSize) });
  if (p.q) qs.set('q', p.q);
  // A search in the Inbox tab looks through everything, done too (the server's default with q).
  if (p.view !== 'inbox' || !p.q) qs.set('view', p.view);
  if (p.threads) qs.set('threads', '1');
  if (fresh) qs.set('fresh', '1');
  return `/api/mailboxes/${encodeURIComponent(p.mailbox)}/messages?${qs.toString()}`;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GET JSON from the app's API; a failure carries the server's own words (it says what to do). */
export async function getJson<T>(url: string, signal: AbortSignal | undefined, fallback: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('The server could not be reached. Check your connection; the list will retry.', 0);
  }
  if (!res.ok) {
    let message = fallback;
    try {
      const body = (await res.json()) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // not JSON: keep the generic text
    }
    throw new ApiError(message, res.status);
  }
  return (await res.json()) as T;
}

async function loadPage(client: QueryClient, p: InboxParams, signal: AbortSignal): Promise<LoadedPage> {
  const prev = client.getQueryData<LoadedPage>(keyOf(p));
  // The first load uses the server's short-lived listing; every poll after it asks for a fresh one.
  const fallback = 'The inbox could not be loaded. Try again in a moment.';
  const data = crossMailbox(p.q)
    ? asInboxPage(await getJson<SearchAllPage>(acrossUrl(p), signal, fallback))
    : await getJson<InboxPage>(urlOf(p, prev !== undefined), signal, fallback);
  const known = prev ? new Set(prev.data.items.map(rowKey)) : null;
  const onPage = new Set(data.items.map(rowKey));
  // New mail is newer than what the page showed. A row that is merely new to the page (one that
  // moved up as another was marked done, a conversation now shown by its next message) is not.
  const newest = prev?.data.items.reduce((max, m) => (m.receivedAt > max ? m.receivedAt : max), '') ?? '';
  const fresh = known ? data.items.filter((m) => !known.has(rowKey(m)) && m.receivedAt >= newest).map(rowKey) : [];
  const arrived = [...fresh, ...(prev ? prev.arrived.filter((id) => onPage.has(id)) : [])];
  const stalls = prev && prev.data.summarised + prev.data.failed === data.summarised + data.failed ? prev.stalls + 1 : 0;
  return { data, arrived, stalls, polled: prev !== undefined };
}

function isSearching(p: InboxParams, loaded: LoadedPage | undefined): boolean {
  if (!p.q || !loaded) return false;
  const pending = loaded.data.mailboxSize - loaded.data.summarised - loaded.data.failed;
  return pending > 0 && loaded.stalls < MAX_STALLS;
}

/**
 * One page of the inbox for the current URL, kept current (TanStack Query): a fresh listing every
 * 20 s while the tab is visible (new mail appears without a reload) and, while a search still
 * waits for summaries, every second.
 */
export function useInbox(params: InboxParams, { enabled = true }: { enabled?: boolean } = {}) {
  const client = useQueryClient();
  const query = useQuery({
    enabled,
    queryKey: keyOf(params),
    queryFn: ({ signal }) => loadPage(client, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.index?.stale && !q.state.data.polled ? STALE_POLL_MS : isSearching(params, q.state.data) ? SEARCH_POLL_MS : POLL_MS),
    refetchOnWindowFocus: false,
    retry: false,
    staleTime: 1_000,
  });
  const current = query.isPlaceholderData ? undefined : query.data;
  const searching = isSearching(params, current);
  const err = query.error;
  const error: InboxError | null = err ? { status: err instanceof ApiError ? err.status : 0, message: err.message } : null;
  return {
    data: current?.data ?? null,
    /** Data of an earlier page or query, shown dimmed while the new one loads. */
    stale: query.isPlaceholderData ? (query.data?.data ?? null) : null,
    arrived: current?.arrived ?? NONE,
    error,
    searching,
    /** A finished search that could not look into this many messages (unreadable ones). */
    unsearched: params.q && !searching && current ? current.data.mailboxSize - current.data.summarised : 0,
    retry: () => void query.refetch(),
  };
}
