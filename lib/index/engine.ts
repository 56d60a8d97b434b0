import 'server-only';
import { EnvelopeError } from '@/lib/envelope/errors';
import type { MailSource } from '@/lib/mailstore/mail-source';
import type { IndexProgress } from '@/lib/types';
import type { IndexKeys } from './crypto';
import type { IndexDb } from './db';
import { openIndexKey, openOrCreateIndexKey, type KeyAccess } from './index-key';
import { Indexer, progressOf, type Progress } from './indexer';
import type { ReaderView } from './rows';
import { claimSync, syncedAt, syncMailbox } from './sync';

// The mailbox index as the inbox sees it: the database (opened once, retried when down), the
// index keys each reader unwrapped (cached per rights, MailSource.cacheScope), the background
// indexer, the listing merged into the rows (sync.ts). Every failure here turns into "no index"
// for that request: the inbox then reads directly, as it does without an index, with the notice.

const KEY_TTL_MS = 15 * 60_000;
const KEY_FAILURE_TTL_MS = 60_000;
const REOPEN_AFTER_MS = 15_000;
const PROGRESS_TTL_MS = 2_000;
// A poll asking for fresh mail waits this long for the listing to be merged, then shows what is there.
const FRESH_WAIT_MS = 3_000;
const STALE_LISTING_MS = 60_000;
// Long enough for a slow page of 100 direct reads on a busy machine; steady polling still leaves gaps.
const IDLE_WAIT_MAX_MS = 30_000;

export interface EngineOptions {
  open: () => Promise<IndexDb>;
  concurrency: number;
  /** How long a page waits for the database to open before reading directly (default 0: not at all). */
  openWaitMs?: number;
}

export interface IndexState {
  view: ReaderView | null;
  progress: IndexProgress;
  /** The rows have matched a complete listing once: pages can come from the index alone. */
  listed: boolean;
  /** When the rows last matched a complete listing. */
  listedAt?: Date;
}

export const NOTICES = {
  down: 'The search index is unavailable, so the list is read directly from the mailbox (slower; search sees only loaded rows). It comes back by itself.',
  denied: 'Your role may not open this mailbox\'s index key, so the list is read directly. Ask your administrator for kms:Decrypt on it.',
  building: 'The index of this mailbox is being built; until then the list is read directly.',
  starting: 'The search index is starting; until then the list is read directly.',
};

function scopeOf(source: MailSource): string | null {
  return source.bucket ? `${source.bucket}/${source.prefix}` : null;
}

export class IndexEngine {
  private db: IndexDb | null = null;
  private opening: Promise<IndexDb> | null = null;
  private openingSince = 0;
  private failedAt = 0;
  private readonly keys = new Map<string, { at: number; ttl: number; promise: Promise<IndexKeys | null> }>();
  private readonly progress = new Map<string, { at: number; promise: Promise<Progress> }>();
  /** This process's listing merge per mailbox (the indexer keeps its own run per mailbox). */
  private readonly syncing = new Map<string, Promise<void>>();
  private indexer: Indexer | null = null;
  /** Pages being served now: background work (sync, indexing) waits for them. */
  private foregroundCount = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: EngineOptions) {}

  /**
   * Runs a reader's page with priority: while any page is in flight the background (listing sync,
   * indexer) starts nothing new, so the index never makes a page slower than direct reads. PGlite
   * has one connection and runs on this event loop; moto/KMS/S3 are shared with the reads.
   */
  async foreground<T>(fn: () => Promise<T>): Promise<T> {
    this.foregroundCount++;
    try {
      return await fn();
    } finally {
      if (--this.foregroundCount === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves when no page is in flight, or after maxMs (steady polling must not starve indexing). */
  whenIdle(maxMs = IDLE_WAIT_MAX_MS): Promise<void> {
    if (this.foregroundCount === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The open database, or null while it opens or is down (tried again every 15 s). */
  async database(waitMs = this.options.openWaitMs ?? 0): Promise<IndexDb | null> {
    if (this.db) return this.db;
    if (!this.opening && Date.now() - this.failedAt > REOPEN_AFTER_MS) {
      this.openingSince = Date.now();
      this.opening = this.options.open().then(
        (db) => {
          this.db = db;
          this.indexer = new Indexer(db, { concurrency: this.options.concurrency, beforeEach: () => this.whenIdle() });
          this.opening = null;
          return db;
        },
        (err: unknown) => {
          this.failedAt = Date.now();
          this.opening = null;
          throw err;
        },
      );
      this.opening.catch(() => undefined);
    }
    if (!this.opening) return null;
    // A page does not wait for a slow open (PGlite's first start is seconds of CPU): it reads
    // directly. The timer still lets an open that is already done (or failed) win the race.
    const wait = Math.max(0, waitMs - (Date.now() - this.openingSince));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait)));
    try {
      return await Promise.race([this.opening.catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private access(source: MailSource, scope: string): KeyAccess {
    return { scope, keyring: source.keyring, generator: source.indexKeyring ? () => source.indexKeyring!() : undefined };
  }

  /** The reader's index keys (their own unwrap), null when the mailbox has no key yet. */
  private readerKeys(db: IndexDb, source: MailSource, scope: string, create?: { hint?: string }): Promise<IndexKeys | null> {
    const cacheKey = `${source.cacheScope}|${scope}`;
    const hit = this.keys.get(cacheKey);
    if (hit && Date.now() - hit.at < hit.ttl) {
      if (!create) return hit.promise;
      // A cached "no key yet" must not stop the indexer from making one.
      return hit.promise.then((k) => k ?? this.makeKeys(db, source, scope, cacheKey, create.hint));
    }
    const promise = openIndexKey(db, this.access(source, scope));
    this.remember(cacheKey, promise);
    return create ? promise.then((k) => k ?? this.makeKeys(db, source, scope, cacheKey, create.hint)) : promise;
  }

  private makeKeys(db: IndexDb, source: MailSource, scope: string, cacheKey: string, hint?: string): Promise<IndexKeys> {
    const access = this.access(source, scope);
    const promise = openOrCreateIndexKey(db, { ...access, generator: source.indexKeyring ? () => source.indexKeyring!(hint) : undefined });
    this.remember(cacheKey, promise);
    return promise;
  }

  private remember(cacheKey: string, promise: Promise<IndexKeys | null>): void {
    const entry = { at: Date.now(), ttl: KEY_TTL_MS, promise };
    this.keys.set(cacheKey, entry);
    promise.then(
      (k) => {
        if (!k) entry.ttl = KEY_FAILURE_TTL_MS;
      },
      (err: unknown) => {
        // A refusal is remembered for a minute; throttling or an outage is tried again at once.
        if (err instanceof EnvelopeError && err.code === 'kms-unavailable') {
          if (this.keys.get(cacheKey) === entry) this.keys.delete(cacheKey);
        } else entry.ttl = KEY_FAILURE_TTL_MS;
      },
    );
    if (this.keys.size > 2000) this.keys.delete(this.keys.keys().next().value as string);
  }

  /**
   * What this reader may use of the index; starts (or continues) merging the listing and indexing
   * with the reader's rights. `fresh` (a poll for new mail) waits up to 3 s for a new listing.
   * Never throws: failures come back as a notice.
   */
  async state(source: MailSource, opts: { fresh?: boolean } = {}): Promise<IndexState> {
    const scope = scopeOf(source);
    const db = scope ? await this.database() : null;
    const none = (notice: string, state: IndexProgress['state'] = 'unavailable'): IndexState => ({ view: null, listed: false, progress: { state, indexed: 0, failed: 0, total: 0, notice } });
    if (!db || !scope) return this.opening !== null ? none(NOTICES.starting, 'building') : none(NOTICES.down);
    let keys: IndexKeys | null;
    try {
      keys = await this.readerKeys(db, source, scope);
    } catch (err) {
      return none(err instanceof EnvelopeError ? NOTICES.denied : NOTICES.down);
    }
    try {
      // A poll for new mail waits a little for the listing to be merged; any other page is shown
      // from the rows at once (after a restart too) and says when they are old, so the list polls.
      const listedBefore = opts.fresh ? null : await syncedAt(db, scope);
      const run = this.kick(db, source, scope);
      if (opts.fresh) await Promise.race([run.listed, new Promise((r) => setTimeout(r, FRESH_WAIT_MS).unref())]);
      const [p, listedAt] = await Promise.all([this.progressOf(db, scope), opts.fresh ? syncedAt(db, scope) : listedBefore]);
      const stale = listedAt !== null && Date.now() - listedAt.getTime() > STALE_LISTING_MS ? ({ stale: true } as const) : {};
      const listed = listedAt !== null;
      if (!keys) return { view: null, listed, listedAt: listedAt ?? undefined, progress: { state: 'building', indexed: p.indexed, failed: p.failed, total: p.total, notice: NOTICES.building, ...stale } };
      const view: ReaderView = { db, scope, bucket: source.bucket!, mailboxId: source.mailboxId, keys, person: source.person ? keys.person(source.person) : null };
      return { view, listed, listedAt: listedAt ?? undefined, progress: { state: listed && p.indexed + p.failed >= p.total ? 'ready' : 'building', indexed: p.indexed, failed: p.failed, total: p.total, ...stale } };
    } catch {
      return none(NOTICES.down);
    }
  }

  /** Counts of rows indexed, failed and listed (shared for a moment by concurrent pages). */
  private progressOf(db: IndexDb, scope: string): Promise<Progress> {
    const hit = this.progress.get(scope);
    if (hit && Date.now() - hit.at < PROGRESS_TTL_MS) return hit.promise;
    const promise = progressOf(db, scope);
    this.progress.set(scope, { at: Date.now(), promise });
    promise.catch(() => this.progress.delete(scope));
    if (this.progress.size > 1000) this.progress.delete(this.progress.keys().next().value as string);
    return promise;
  }

  /** A view for state changes and counts (no listing, no indexing). */
  async view(source: MailSource): Promise<ReaderView | null> {
    const scope = scopeOf(source);
    const db = scope ? await this.database() : null;
    if (!db || !scope) return null;
    const keys = await this.readerKeys(db, source, scope).catch(() => null);
    if (!keys) return null;
    return { db, scope, bucket: source.bucket!, mailboxId: source.mailboxId, keys, person: source.person ? keys.person(source.person) : null };
  }

  /**
   * In the background: merge the store's listing into the rows (at most once per SYNC_INTERVAL
   * for all replicas together), then index what is missing. One run per mailbox in this process.
   * `listed` settles when the merge is done (pages may wait for it: it does not wait for them,
   * and it is a listing plus a few queries per thousand keys); `done` when nothing is left to index.
   */
  private kick(db: IndexDb, source: MailSource, scope: string, opts: { force?: boolean } = {}): { listed: Promise<void>; done: Promise<void> } {
    let listed = this.syncing.get(scope);
    if (!listed) {
      const run = (async () => {
        // A build (CLI, tests) merges the listing itself even while another replica does: it
        // must not start indexing rows that are not there yet and stop at once.
        const claimed = await claimSync(db, scope, opts.force ? 0 : undefined);
        if (claimed || opts.force) {
          await syncMailbox(db, scope, source);
          this.progress.delete(scope);
        }
      })()
        .catch(() => undefined)
        .finally(() => this.syncing.delete(scope));
      this.syncing.set(scope, run);
      listed = run;
    }
    const indexer = this.indexer;
    // The indexer runs one pass per mailbox and claims rows until none is left, so rows a later
    // merge adds are taken by the pass already running.
    const done = listed.then(() =>
      indexer?.kick({
        scope,
        bucket: source.bucket!,
        source,
        keys: (hint) => this.readerKeys(db, source, scope, { hint }) as Promise<IndexKeys>,
        existingKeys: () => this.readerKeys(db, source, scope),
      }),
    );
    return { listed, done: done.then(() => undefined, () => undefined) };
  }

  /** Merge the listing and index it now, and wait (the CLI, tests); returns when nothing is left to claim. */
  async build(source: MailSource): Promise<void> {
    const scope = scopeOf(source);
    const db = scope ? await this.database(60_000) : null;
    if (!db || !scope) throw new Error('the index database could not be opened');
    await this.syncing.get(scope);
    await this.kick(db, source, scope, { force: true }).done;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = null;
  }
}
