import 'server-only';
import type { IndexEngine } from '@/lib/index/engine';
import { NOTICES } from '@/lib/index/engine';
import { rowsPage } from '@/lib/index/pages';
import { openRows, toMessageSummary, unreadCount, type ReaderView } from '@/lib/index/rows';
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

// The inbox. With the mailbox index (lib/index) and a reader who may open its key, a page comes
// from the index's rows alone: order, filters, search (its blind index) and conversations are
// queries, rows are sealed summaries (no KMS call), rows not indexed yet are read as below; the
// process holds one page, not the mailbox, and the listing is merged into the rows in the
// background (lib/index/sync.ts). Without it (off, down, key refused, never listed yet): the full
// key listing (for date order) held for LISTING_TTL_MS, each row from a bounded in-memory summary
// cache filled by a ranged GET + head decrypt, search over the summaries loaded so far.

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
    // Expired listings go at once: each holds a whole mailbox's keys.
    for (const [k, e] of this.listings) if (Date.now() - e.at >= LISTING_TTL_MS) this.listings.delete(k);
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
  async summary(source: MailSource, obj: StoredObjectInfo, mayHaveInstructionFile: boolean): Promise<MessageSummary> {
    const key = this.cacheKey(source, obj);
    const hit = this.summaries.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.summarise(source, obj, mayHaveInstructionFile).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async summarise(source: MailSource, obj: StoredObjectInfo, mayHaveInstructionFile: boolean): Promise<MessageSummary> {
    const base = { id: idOf(source, obj.key), mailbox: source.mailboxId, receivedAt: obj.lastModified.toISOString(), size: obj.size };
    try {
      const head = await readMessageHead(source, obj, HEAD_BYTES, { mayHaveInstructionFile });
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
    const run = mapBounded(missing, this.options.concurrency, (o) => this.summary(source, o, listing.instructionFiles.has(o.key)))
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

  /** A page from the index's rows (the reader's state, conversations); rows not indexed yet read directly. */
  private async pageFromIndex(view: ReaderView, source: MailSource, query: Query | null, start: number, pageSize: number, shape: PageView) {
    const got = await rowsPage(
      view,
      { view: shape.view ?? (query ? 'all' : 'inbox'), query, threads: shape.threads === true, thread: shape.thread ? keyFor(source, shape.thread) : undefined },
      start,
      pageSize,
    );
    const opened = await openRows(view, got.records);
    const items = await mapBounded(got.records, this.options.concurrency, async (rec) => {
      const obj: StoredObjectInfo = { key: rec.key, etag: rec.etag, lastModified: new Date(rec.received_at), size: Number(rec.size) };
      const row = opened.get(rec.key);
      const base = { id: idOf(source, rec.key), mailbox: source.mailboxId, receivedAt: obj.lastModified.toISOString(), size: obj.size };
      if (row) return toMessageSummary(base, row, got.conversations.get(rec.key), (k) => idOf(source, k));
      const direct = await this.summary(source, obj, rec.instruction);
      return { ...direct, read: rec.read === true, starred: rec.starred === true, done: rec.done === true };
    });
    return { items, total: got.total, unread: await unreadCount(view) };
  }

  async page(source: MailSource, opts: { page: number; pageSize: number; query?: string; fresh?: boolean } & PageView): Promise<InboxPage> {
    const engine = this.options.index?.() ?? null;
    // With the index, the page has priority over its background work (sync, indexing).
    return engine ? engine.foreground(() => this.pageOf(source, opts, engine)) : this.pageOf(source, opts, null);
  }

  private async pageOf(source: MailSource, opts: { page: number; pageSize: number; query?: string; fresh?: boolean } & PageView, engine: IndexEngine | null): Promise<InboxPage> {
    const start = (opts.page - 1) * opts.pageSize;
    const query = opts.query?.trim() ? parseQuery(opts.query) : null;
    const elsewhere = query ? mailboxesIn(query).find((id) => id !== 'all' && id !== source.mailboxId) : undefined;
    // Said, not silently zero hits: one mailbox's list cannot search another.
    if (elsewhere) throw new QueryError(`"in:${elsewhere}" names another mailbox: search across mailboxes (the search over all mailboxes), or open that mailbox.`);
    let progress: IndexProgress | undefined;
    if (engine) {
      const state = await engine.state(source, { fresh: opts.fresh });
      progress = state.progress;
      if (state.view && state.listed) {
        try {
          const got = await this.pageFromIndex(state.view, source, query, start, opts.pageSize, opts);
          return {
            items: got.items,
            total: got.total,
            page: opts.page,
            pageSize: opts.pageSize,
            summarised: progress.indexed,
            failed: progress.failed,
            mailboxSize: progress.total,
            listedAt: (state.listedAt ?? new Date()).toISOString(),
            index: progress,
            unread: got.unread,
          };
        } catch {
          // The database went away mid-request: this page is read directly, with the notice.
          progress = { state: 'unavailable', indexed: 0, failed: 0, total: 0, notice: NOTICES.down };
        }
      }
    }
    const listing = await this.listing(source, opts.fresh);
    const all = listing.messages;
    const direct = await this.directPage(source, listing, query, start, opts);
    // Without the index there is no state and no conversation: those views are empty (the notice says why).
    const stateless = opts.thread || opts.view === 'done' || opts.view === 'starred';
    const shown = stateless ? { ...direct, items: [], total: 0 } : direct;
    if (!progress) return shown;
    // The listing is the truth for how many there are until the index has merged one.
    const total = all.length;
    const indexed = Math.min(progress.indexed, total);
    return { ...shown, index: { ...progress, total, indexed, failed: Math.min(progress.failed, total - indexed) } };
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
      items = await mapBounded(all.slice(start, start + opts.pageSize), this.options.concurrency, (o) => this.summary(source, o, listing.instructionFiles.has(o.key)));
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
