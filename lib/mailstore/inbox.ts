import 'server-only';
import type { IndexEngine } from '@/lib/index/engine';
import { collapseThreads, threadMembers } from '@/lib/index/conversations';
import { keysWith, readRows, toMessageSummary, unreadCount, type ReaderView } from '@/lib/index/rows';
import { searchIndex } from '@/lib/index/search';
import { NOTICES } from '@/lib/index/engine';
import { mailboxesIn, parseQuery, matches, QueryError, type Query } from '@/lib/mime/search';
import { summaryFromHead } from '@/lib/mime/summary';
import type { IndexProgress, InboxPage, MessageProblem, MessageSummary } from '@/lib/types';

export type { InboxPage };
import { listMail, mapBounded, type MailListing } from './listing';
import { Lru } from './lru';
import type { MailSource } from './mail-source';
import { idOf, keyFor, readMessageHead } from './message';
import { problemOf } from './problems';
import type { StoredObjectInfo } from './store';

// The inbox: the full key listing (for date order), then each row from the mailbox index (sealed
// rows, no KMS call: lib/index) when the reader may open it, else from a bounded in-memory summary
// cache filled by a ranged GET + head decrypt. With the index, search runs over its blind index;
// without it (off, down, key refused), over the summaries loaded so far, as before.

const HEAD_BYTES = 32 * 1024;
const LISTING_TTL_MS = 10_000;

export interface InboxOptions {
  concurrency: number;
  cacheSize: number;
  /** The mailbox index, or null/absent: every row read directly. */
  index?: () => IndexEngine | null;
}

/**
 * Which rows a page shows (the reader's own state, index only): 'inbox' (the default without a
 * query) leaves out what they marked done, 'done' and 'starred' show only those, 'all' everything. `threads` shows each
 * conversation once (its newest message); `thread` (a threadId) lists one conversation, oldest first.
 */
export interface PageView {
  view?: 'inbox' | 'done' | 'starred' | 'all';
  threads?: boolean;
  thread?: string;
}


interface ListingEntry {
  at: number;
  promise: Promise<MailListing>;
}

export class Inbox {
  private readonly summaries: Lru<string, MessageSummary>;
  private readonly listings = new Map<string, ListingEntry>();
  private readonly inflight = new Map<string, Promise<MessageSummary>>();
  private readonly filling = new Map<string, Promise<void>>();
  /** Objects whose summary failed (key → when), so a search knows it is done without them. */
  private readonly failures: Lru<string, number>;

  constructor(private readonly options: InboxOptions) {
    this.summaries = new Lru(options.cacheSize);
    this.failures = new Lru(options.cacheSize);
  }

  private listingKey(source: MailSource): string {
    return `${source.cacheScope}|${source.prefix}`;
  }

  async listing(source: MailSource, fresh = false): Promise<MailListing> {
    const key = this.listingKey(source);
    const found = this.listings.get(key);
    if (found && !fresh && Date.now() - found.at < LISTING_TTL_MS) return found.promise;
    const promise = listMail(source);
    this.listings.set(key, { at: Date.now(), promise });
    promise.catch(() => this.listings.delete(key));
    if (this.listings.size > 1000) this.listings.delete(this.listings.keys().next().value as string);
    return promise;
  }

  private cacheKey(source: MailSource, obj: StoredObjectInfo): string {
    return `${source.cacheScope}|${obj.key}|${obj.etag}`;
  }

  cached(source: MailSource, obj: StoredObjectInfo): MessageSummary | undefined {
    return this.summaries.get(this.cacheKey(source, obj));
  }

  /** One row: from the cache, or a ranged GET + head decrypt. Failures become a row with a problem. */
  async summary(source: MailSource, listing: MailListing, obj: StoredObjectInfo): Promise<MessageSummary> {
    const key = this.cacheKey(source, obj);
    const hit = this.summaries.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.summarise(source, listing, obj).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async summarise(source: MailSource, listing: MailListing, obj: StoredObjectInfo): Promise<MessageSummary> {
    const base = { id: idOf(source, obj.key), mailbox: source.mailboxId, receivedAt: obj.lastModified.toISOString(), size: obj.size };
    try {
      const head = await readMessageHead(source, obj, HEAD_BYTES, { mayHaveInstructionFile: listing.instructionFiles.has(obj.key) });
      const s = summaryFromHead(head.head, { complete: head.complete });
      const summary: MessageSummary = { ...base, ...s, encrypted: head.info.encrypted };
      this.summaries.set(this.cacheKey(source, obj), summary);
      this.failures.delete(this.cacheKey(source, obj));
      return summary;
    } catch (err) {
      const problem: MessageProblem = problemOf(err);
      this.failures.set(this.cacheKey(source, obj), Date.now());
      // A refused plain object must not wear the "stored encrypted" lock.
      return { ...base, from: null, to: [], subject: '', date: null, snippet: '', hasAttachments: false, encrypted: problem.code !== 'not-encrypted', problem };
    }
  }

  /** Summarise the whole mailbox in the background (for search), at bounded concurrency. */
  fill(source: MailSource, listing: MailListing): void {
    const key = this.listingKey(source);
    if (this.filling.has(key)) return;
    const missing = listing.messages.filter((o) => !this.summaries.has(this.cacheKey(source, o)) && !this.recentlyFailed(source, o));
    if (missing.length === 0) return;
    const run = mapBounded(missing, this.options.concurrency, (o) => this.summary(source, listing, o))
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => this.filling.delete(key));
    this.filling.set(key, run);
  }

  /** A failed summary is tried again by a later fill after a minute (throttling passes). */
  private recentlyFailed(source: MailSource, obj: StoredObjectInfo): boolean {
    const at = this.failures.get(this.cacheKey(source, obj));
    return at !== undefined && Date.now() - at < 60_000;
  }

  /** Rows of these objects from the index (with the reader's state and conversations). */
  private async indexedRows(engine: IndexEngine, view: ReaderView, source: MailSource, objs: readonly StoredObjectInfo[]): Promise<Map<string, MessageSummary>> {
    const [rows, threads] = await Promise.all([readRows(view, objs), engine.threadsOf(view)]);
    const out = new Map<string, MessageSummary>();
    for (const o of objs) {
      const row = rows.get(o.key);
      if (!row) continue;
      const base = { id: idOf(source, o.key), mailbox: source.mailboxId, receivedAt: o.lastModified.toISOString(), size: o.size };
      out.set(o.key, toMessageSummary(base, row, threads.get(o.key), (k) => idOf(source, k)));
    }
    return out;
  }

  private async pageFromIndex(
    engine: IndexEngine,
    view: ReaderView,
    source: MailSource,
    listing: MailListing,
    query: Query | null,
    start: number,
    pageSize: number,
    shape: PageView,
  ): Promise<{ items: MessageSummary[]; total: number; unread: number }> {
    const all = listing.messages;
    let ordered: readonly StoredObjectInfo[] = all;
    if (shape.thread) {
      // A conversation is shown whole (also its done messages), whatever the list's filter.
      ordered = threadMembers(all, await engine.threadsOf(view), keyFor(source, shape.thread));
    } else {
      if (query) {
        const listed = new Map(all.map((o) => [o.key, o]));
        // The bucket is the truth: a hit whose object is gone or was rewritten is not shown.
        ordered = (await searchIndex(view, query)).map((h) => listed.get(h.key)).filter((o): o is StoredObjectInfo => o !== undefined);
      }
      // A search looks through everything (done too, as mail apps archive), unless a filter is asked for.
      const which = shape.view ?? (query ? 'all' : 'inbox');
      if (which !== 'all') {
        const marked = await keysWith(view, which === 'starred' ? 'starred' : 'done');
        ordered = which === 'inbox' ? ordered.filter((o) => !marked.has(o.key)) : ordered.filter((o) => marked.has(o.key));
      }
      if (shape.threads) ordered = collapseThreads(ordered, await engine.threadsOf(view));
    }
    const total = ordered.length;
    const objs = ordered.slice(start, start + pageSize);
    const rows = await this.indexedRows(engine, view, source, objs);
    const items = await mapBounded(objs, this.options.concurrency, async (o) => rows.get(o.key) ?? this.summary(source, listing, o));
    return { items, total, unread: await unreadCount(view) };
  }

  async page(source: MailSource, opts: { page: number; pageSize: number; query?: string; fresh?: boolean } & PageView): Promise<InboxPage> {
    const engine = this.options.index?.() ?? null;
    // With the index, the page has priority over its background work (sync, indexing).
    return engine ? engine.foreground(() => this.pageOf(source, opts, engine)) : this.pageOf(source, opts, null);
  }

  private async pageOf(source: MailSource, opts: { page: number; pageSize: number; query?: string; fresh?: boolean } & PageView, engine: IndexEngine | null): Promise<InboxPage> {
    const listing = await this.listing(source, opts.fresh);
    const all = listing.messages;
    const start = (opts.page - 1) * opts.pageSize;
    const query = opts.query?.trim() ? parseQuery(opts.query) : null;
    const elsewhere = query ? mailboxesIn(query).find((id) => id !== 'all' && id !== source.mailboxId) : undefined;
    // Said, not silently zero hits: one mailbox's list cannot search another.
    if (elsewhere) throw new QueryError(`"in:${elsewhere}" names another mailbox: search across mailboxes (the search over all mailboxes), or open that mailbox.`);
    let progress: IndexProgress | undefined;
    if (engine) {
      const state = await engine.state(source, listing);
      progress = state.progress;
      if (state.view) {
        try {
          const got = await this.pageFromIndex(engine, state.view, source, listing, query, start, opts.pageSize, opts);
          return {
            items: got.items,
            total: got.total,
            page: opts.page,
            pageSize: opts.pageSize,
            summarised: Math.max(progress.indexed, this.countSummarised(source, all).summarised),
            failed: Math.max(progress.failed, this.countSummarised(source, all).failed),
            mailboxSize: all.length,
            listedAt: listing.listedAt.toISOString(),
            index: progress,
            unread: got.unread,
          };
        } catch {
          // The database went away mid-request: this page is read directly, with the notice.
          progress = { state: 'unavailable', indexed: 0, failed: 0, total: all.length, notice: NOTICES.down };
        }
      }
    }
    const direct = await this.directPage(source, listing, query, start, opts);
    // Without the index there is no state and no conversation: those views are empty (the notice says why).
    const stateless = opts.thread || opts.view === 'done' || opts.view === 'starred';
    const shown = stateless ? { ...direct, items: [], total: 0 } : direct;
    return progress ? { ...shown, index: progress } : shown;
  }

  private countSummarised(source: MailSource, all: readonly StoredObjectInfo[]): { summarised: number; failed: number } {
    let summarised = 0;
    let failed = 0;
    for (const o of all) {
      if (this.summaries.has(this.cacheKey(source, o))) summarised++;
      else if (this.failures.has(this.cacheKey(source, o))) failed++;
    }
    return { summarised, failed };
  }

  private async directPage(
    source: MailSource,
    listing: MailListing,
    query: Query | null,
    start: number,
    opts: { page: number; pageSize: number },
  ): Promise<InboxPage> {
    const all = listing.messages;
    let items: MessageSummary[];
    let total: number;
    if (!query) {
      items = await mapBounded(all.slice(start, start + opts.pageSize), this.options.concurrency, (o) => this.summary(source, listing, o));
      total = all.length;
    } else {
      this.fill(source, listing);
      const known = all.map((o) => this.cached(source, o)).filter((s): s is MessageSummary => s !== undefined);
      const hits = known.filter((s) => matches(s, query));
      items = hits.slice(start, start + opts.pageSize);
      total = hits.length;
    }
    const { summarised, failed } = this.countSummarised(source, all);
    return { items, total, page: opts.page, pageSize: opts.pageSize, summarised, failed, mailboxSize: all.length, listedAt: listing.listedAt.toISOString() };
  }
}
