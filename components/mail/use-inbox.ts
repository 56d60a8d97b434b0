'use client';

import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { InboxPage } from '@/lib/types';

export interface InboxParams {
  mailbox: string;
  page: number;
  pageSize: number;
  q: string;
}

export interface InboxError {
  status: number;
  message: string;
}

interface Loaded {
  key: string;
  data: InboxPage;
  /** Messages that appeared at a poll since this page was loaded, newest first, still on it. */
  arrived: string[];
  /** Search polls in a row that found no new summary. */
  stalls: number;
}

// Messages that cannot be read (a key the reader may not use, a damaged object) never get a
// summary: after this many polls without progress the search stops waiting for them.
const MAX_STALLS = 6;

const POLL_MS = 20_000;
const NONE: string[] = [];
const SEARCH_POLL_MS = 1_000;

function keyOf(p: InboxParams): string {
  return JSON.stringify([p.mailbox, p.page, p.pageSize, p.q]);
}

function urlOf(p: InboxParams, fresh: boolean): string {
  const qs = new URLSearchParams({ page: String(p.page), pageSize: String(p.pageSize) });
  if (p.q) qs.set('q', p.q);
  if (fresh) qs.set('fresh', '1');
  return `/api/mailboxes/${encodeURIComponent(p.mailbox)}/messages?${qs.toString()}`;
}

async function fetchPage(url: string, signal: AbortSignal): Promise<InboxPage> {
  const res = await fetch(url, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
  if (!res.ok) {
    let message = 'The inbox could not be loaded. Try again in a moment.';
    try {
      const body = (await res.json()) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // not JSON: keep the generic text
    }
    throw Object.assign(new Error(message), { status: res.status });
  }
  return (await res.json()) as InboxPage;
}

/**
 * One page of the inbox for the current URL, kept current: a fresh listing every 20 s (new mail
 * appears without a reload) and, while a search still waits for summaries, every second.
 */
export function useInbox(params: InboxParams) {
  const key = keyOf(params);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<{ key: string; error: InboxError } | null>(null);
  const [tick, setTick] = useState(0);

  const load = useCallback(async (p: InboxParams, fresh: boolean, signal: AbortSignal) => {
    const k = keyOf(p);
    try {
      const data = await fetchPage(urlOf(p, fresh), signal);
      setLoaded((prev) => {
        const known = prev?.key === k ? new Set(prev.data.items.map((m) => m.id)) : null;
        const onPage = new Set(data.items.map((m) => m.id));
        const fresh = known ? data.items.filter((m) => !known.has(m.id)).map((m) => m.id) : [];
        const arrived = [...fresh, ...(prev?.key === k ? prev.arrived.filter((id) => onPage.has(id)) : [])];
        const stalls = prev?.key === k && prev.data.summarised + prev.data.failed === data.summarised + data.failed ? prev.stalls + 1 : 0;
        return { key: k, data, arrived, stalls };
      });
      setFailure((f) => (f?.key === k ? null : f));
    } catch (err) {
      if (signal.aborted) return;
      const status = (err as { status?: number }).status ?? 0;
      const message = status ? (err as Error).message : 'The server could not be reached. Check your connection; the list will retry.';
      setFailure({ key: k, error: { status, message } });
    }
  }, []);

  const loadCurrent = useEffectEvent((fresh: boolean, signal: AbortSignal) => load(params, fresh, signal));

  // Load on every change of page, size, query or mailbox.
  useEffect(() => {
    const ctl = new AbortController();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- state is set after the fetch resolves, not synchronously
    void loadCurrent(false, ctl.signal);
    return () => ctl.abort();
  }, [key, tick]);

  // Poll for new mail.
  useEffect(() => {
    const ctl = new AbortController();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void loadCurrent(true, ctl.signal);
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      ctl.abort();
    };
  }, [key]);

  const current = loaded?.key === key ? loaded : null;
  // Messages neither summarised nor known to be unreadable are still being read by the server.
  const pending = current ? current.data.mailboxSize - current.data.summarised - current.data.failed : 0;
  const searching = Boolean(params.q) && current !== null && pending > 0 && current.stalls < MAX_STALLS;

  // A search over a mailbox not yet fully summarised: ask again until every summary is known.
  useEffect(() => {
    if (!searching) return;
    const ctl = new AbortController();
    const timer = window.setTimeout(() => void loadCurrent(false, ctl.signal), SEARCH_POLL_MS);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [searching, loaded]);

  const error = failure?.key === key ? failure.error : null;
  return {
    data: current?.data ?? null,
    /** Data of an earlier page or query, shown dimmed while the new one loads. */
    stale: current ? null : (loaded?.data ?? null),
    arrived: current?.arrived ?? NONE,
    error,
    searching,
    /** A finished search that could not look into this many messages (unreadable ones). */
    unsearched: params.q && !searching && current ? current.data.mailboxSize - current.data.summarised : 0,
    retry: () => setTick((t) => t + 1),
  };
}
