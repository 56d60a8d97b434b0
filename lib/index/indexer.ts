import 'server-only';
import { EnvelopeError } from '@/lib/envelope/errors';
import type { MailSource } from '@/lib/mailstore/mail-source';
import { idOf, readMessage } from '@/lib/mailstore/message';
import { StoreError } from '@/lib/mailstore/store-errors';
import type { IndexKeys } from './crypto';
import { rowAad } from './crypto';
import { assignConversation } from './conversations';
import type { IndexDb } from './db';
import { indexedRowOffThread } from './extract-pool';

// Background indexing. The work list is the database, not memory: every listed object has a
// row; a row without `sealed` is still to do. Workers claim rows with a lease (FOR UPDATE SKIP
// LOCKED), so replicas sharing one PostgreSQL decrypt each message once, and a crash leaves only
// leases that expire. Each claimed row is read with a FULL authenticated decrypt (readMessage)
// with the credentials of whoever drives the indexer (the server's role, or a signed-in reader's).

const LEASE_SECONDS = 120;
const MAX_BACKOFF_MS = 30_000;
// A message that cannot be read (not authentic, access denied) is tried again after this long.
const FAILED_RETRY_SECONDS = 3_600;

export interface IndexerOptions {
  concurrency: number;
  /** Told after each stored row (caches of conversations and counts depend on it). */
  onIndexed?: (scope: string) => void;
  /** Awaited before each claim and each message: readers' pages come first (IndexEngine.foreground). */
  beforeEach?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export interface IndexTarget {
  scope: string;
  bucket: string;
  source: MailSource;
  keys: (kmsKeyIdHint?: string) => Promise<IndexKeys>;
  /** The mailbox's key if it has one (null: the first message read makes it, with its KMS key). */
  existingKeys: () => Promise<IndexKeys | null>;
}

interface Claimed {
  key: string;
  etag: string;
}

async function claim(db: IndexDb, scope: string, limit: number): Promise<Claimed[]> {
  const r = await db.query<Claimed>(
    // MATERIALIZED: a joined sub-select may be re-scanned, and each re-scan with SKIP LOCKED
    // would claim more rows than the limit.
    `WITH c AS MATERIALIZED (
       SELECT key FROM messages
       WHERE scope = $1 AND sealed IS NULL AND (lease_until IS NULL OR lease_until < now()) AND (retry_at IS NULL OR retry_at <= now())
       ORDER BY received_at DESC LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE messages m SET lease_until = now() + make_interval(secs => $3), attempts = m.attempts + 1
     FROM c WHERE m.scope = $1 AND m.key = c.key
     RETURNING m.key, m.etag`,
    [scope, limit, LEASE_SECONDS],
  );
  return r.rows;
}

function transient(err: unknown): boolean {
  if (err instanceof EnvelopeError) return err.code === 'kms-unavailable';
  if (err instanceof StoreError) return err.code === 'unavailable';
  return false;
}

function problemCode(err: unknown): string {
  if (err instanceof EnvelopeError || err instanceof StoreError) return err.code;
  return 'unreadable';
}

export class Indexer {
  private readonly running = new Map<string, Promise<void>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: IndexDb,
    private readonly options: IndexerOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  isRunning(scope: string): boolean {
    return this.running.has(scope);
  }

  /** Starts indexing this mailbox in the background, unless this process already does. */
  kick(target: IndexTarget): Promise<void> {
    const found = this.running.get(target.scope);
    if (found) return found;
    const run = this.run(target)
      .catch(() => undefined)
      .finally(() => this.running.delete(target.scope));
    this.running.set(target.scope, run);
    return run;
  }

  /** Index until nothing is left to claim (other replicas may hold the rest). */
  async run(target: IndexTarget): Promise<void> {
    let backoff = 0;
    for (;;) {
      await this.options.beforeEach?.();
      const batch = await claim(this.db, target.scope, this.options.concurrency);
      if (!batch.length) return;
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const item = batch[next++]!;
          if (backoff) await this.sleep(backoff);
          await this.options.beforeEach?.();
          const ok = await this.indexOne(target, item);
          backoff = ok === 'throttled' ? Math.min(MAX_BACKOFF_MS, Math.max(250, backoff * 2)) : 0;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, worker));
    }
  }

  private async indexOne(target: IndexTarget, item: Claimed): Promise<'done' | 'failed' | 'throttled'> {
    const { db } = this;
    try {
      // The key first: a KMS refusal or throttling here must not waste a message's Decrypt.
      const existing = await target.existingKeys();
      const opened = await readMessage(target.source, idOf(target.source, item.key));
      let row;
      let sealed;
      const etag = opened.object.etag;
      try {
        const keys = existing ?? (await target.keys(opened.info.kmsKeyId));
        row = await indexedRowOffThread(opened.raw, keys, opened.info.encrypted);
        sealed = keys.sealRow(Buffer.from(JSON.stringify(row.summary), 'utf8'), rowAad(target.bucket, item.key, etag));
      } finally {
        opened.raw.fill(0);
      }
      // The object may have been rewritten since it was listed: the row describes what was read.
      const receivedAt = opened.object.lastModified;
      const stored = row;
      await db.transaction(async (tx) => {
        const updated = await tx.query<{ key: string }>(
          `UPDATE messages SET etag = $3, received_at = $4, size = $5, sealed = $6, tokens = $7::bigint[], thread_id = $8,
             thread_refs = $9::bigint[], thread_subject = $10, thread_reply = $11, lease_until = NULL, retry_at = NULL,
             problem = NULL, indexed_at = now()
           WHERE scope = $1 AND key = $2 AND etag IN ($3, $12) RETURNING key`,
          [
            target.scope, item.key, etag, receivedAt.toISOString(), String(opened.object.size), sealed,
            stored.tokens, stored.threadId, stored.threadRefs, stored.threadSubject, stored.threadReply, item.etag,
          ],
        );
        // Gone or rewritten again meanwhile: the next sync makes it a row to do.
        if (!updated.rows.length) return;
        await assignConversation(tx, target.scope, { key: item.key, receivedAt, ...stored });
      });
      this.options.onIndexed?.(target.scope);
      return 'done';
    } catch (err) {
      const throttled = transient(err);
      const delay = throttled ? 5 : FAILED_RETRY_SECONDS;
      await db
        .query('UPDATE messages SET lease_until = NULL, retry_at = now() + make_interval(secs => $3), problem = $4 WHERE scope = $1 AND key = $2 AND sealed IS NULL', [
          target.scope, item.key, delay, problemCode(err),
        ])
        .catch(() => undefined);
      return throttled ? 'throttled' : 'failed';
    }
  }
}

export interface Progress {
  indexed: number;
  failed: number;
  total: number;
}

export async function progressOf(db: IndexDb, scope: string): Promise<Progress> {
  const r = await db.query<{ indexed: string | number; failed: string | number; total: string | number }>(
    `SELECT count(*) FILTER (WHERE sealed IS NOT NULL) AS indexed, count(*) FILTER (WHERE sealed IS NULL AND problem IS NOT NULL) AS failed,
            count(*) AS total FROM messages WHERE scope = $1`,
    [scope],
  );
  const row = r.rows[0];
  return { indexed: Number(row?.indexed ?? 0), failed: Number(row?.failed ?? 0), total: Number(row?.total ?? 0) };
}
