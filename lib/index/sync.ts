import 'server-only';
import type { MailSource } from '@/lib/mailstore/mail-source';
import { isMailKey } from '@/lib/mailstore/message';
import type { StoredObjectInfo } from '@/lib/mailstore/store';
import type { IndexDb, Queryable } from './db';

// The rows follow the bucket: the store's listing is merged into the rows one listing page at a
// time, in key order (S3 lists keys in byte order; so does COLLATE "C"), so a sync holds one page
// in memory, never the mailbox. New and changed objects become rows "to do" (the indexer claims
// them), deleted ones leave with their per-person state. One sync per mailbox at a time across
// replicas (a claim in mailbox_sync), at most one every MIN_INTERVAL.
//
// Both stores list in byte order (lib/mailstore/s3-store.ts, local-store.ts); one that did not
// would have its deletions made by a second, complete listing instead (sweep).

const PAGE = 1_000;
export const SYNC_INTERVAL_SECONDS = 10;

export interface SyncResult {
  added: number;
  removed: number;
  listed: number;
}

/** When this mailbox's rows last matched a complete listing (null: never, the index can't list it yet). */
export async function syncedAt(db: Queryable, scope: string): Promise<Date | null> {
  const r = await db.query<{ synced_at: Date | string | null }>('SELECT synced_at FROM mailbox_sync WHERE scope = $1', [scope]);
  const at = r.rows[0]?.synced_at;
  return at ? new Date(at) : null;
}

/**
 * Takes the mailbox's sync for this process unless another took it less than `minAgeSeconds` ago
 * (a replica that died mid-sync leaves a claim that simply ages out).
 */
export async function claimSync(db: Queryable, scope: string, minAgeSeconds = SYNC_INTERVAL_SECONDS): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO mailbox_sync (scope, claimed_at) VALUES ($1, now())
     ON CONFLICT (scope) DO UPDATE SET claimed_at = now() WHERE mailbox_sync.claimed_at < now() - make_interval(secs => $2)
     RETURNING scope`,
    [scope, minAgeSeconds],
  );
  return r.rows.length > 0;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

async function upsert(db: Queryable, scope: string, objs: readonly (StoredObjectInfo & { instruction: boolean })[]): Promise<number> {
  if (!objs.length) return 0;
  const keys = objs.map((o) => o.key);
  const known = new Map<string, { etag: string; instruction: boolean }>();
  for (const r of (await db.query<{ key: string; etag: string; instruction: boolean }>('SELECT key, etag, instruction FROM messages WHERE scope = $1 AND key = ANY($2::text[])', [scope, keys])).rows) {
    known.set(r.key, r);
  }
  const changed = objs.filter((o) => known.get(o.key)?.etag !== o.etag || known.get(o.key)?.instruction !== o.instruction);
  if (!changed.length) return 0;
  await db.query(
    `INSERT INTO messages (scope, key, etag, received_at, size, instruction)
     SELECT $1, k, e, r, s, i FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::boolean[]) AS t(k, e, r, s, i)
     ON CONFLICT (scope, key) DO UPDATE SET etag = excluded.etag, received_at = excluded.received_at, size = excluded.size, instruction = excluded.instruction,
       sealed = NULL, tokens = NULL, thread_id = NULL, thread_refs = NULL, thread_subject = NULL, thread_reply = false, conv = NULL,
       lease_until = NULL, attempts = 0, retry_at = NULL, problem = NULL, indexed_at = NULL
     WHERE messages.etag <> excluded.etag OR messages.instruction <> excluded.instruction`,
    [scope, changed.map((o) => o.key), changed.map((o) => o.etag), changed.map((o) => o.lastModified.toISOString()), changed.map((o) => String(o.size)), changed.map((o) => o.instruction)],
  );
  return changed.filter((o) => known.get(o.key)?.etag !== o.etag).length;
}

async function removeKeys(db: Queryable, scope: string, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  await db.query('DELETE FROM messages WHERE scope = $1 AND key = ANY($2::text[])', [scope, keys]);
  await db.query('DELETE FROM person_state WHERE scope = $1 AND key = ANY($2::text[])', [scope, keys]);
}

/** Rows whose keys lie in (after, upTo] in byte order (upTo null: to the end) and were not listed. */
async function removeUnlisted(db: Queryable, scope: string, after: string | null, upTo: string | null, listed: ReadonlySet<string>): Promise<number> {
  const r = await db.query<{ key: string }>(
    `SELECT key FROM messages WHERE scope = $1
       AND ($2::text IS NULL OR key COLLATE "C" > $2::text COLLATE "C") AND ($3::text IS NULL OR key COLLATE "C" <= $3::text COLLATE "C")`,
    [scope, after, upTo],
  );
  const gone = r.rows.map((row) => row.key).filter((k) => !listed.has(k));
  for (let i = 0; i < gone.length; i += PAGE) await removeKeys(db, scope, gone.slice(i, i + PAGE));
  return gone.length;
}

/** Merge the store's listing into the rows (the caller holds the claim). */
export async function syncMailbox(db: IndexDb, scope: string, source: MailSource, opts: { pageSize?: number } = {}): Promise<SyncResult> {
  const pageSize = opts.pageSize ?? PAGE;
  const result: SyncResult = { added: 0, removed: 0, listed: 0 };
  let page: StoredObjectInfo[] = [];
  // A message's instruction file sorts right after it ("<key>.instruction", SES keys being of one
  // length), maybe on the next listing page: the page's last message waits for the next page.
  let instructions = new Set<string>();
  let after: string | null = null;
  let ordered = true;
  let previous: string | null = null;

  const flush = async (last: boolean) => {
    const keep = last ? [] : page.splice(-1);
    const objs = page.map((o) => ({ ...o, instruction: instructions.has(o.key) }));
    result.added += await upsert(db, scope, objs);
    // Rows between the previous page's end and this one's that were not listed are gone.
    const upTo = last ? null : (keep[0]?.key ?? null);
    if (ordered && (last || upTo !== null)) {
      const listed = new Set([...objs, ...keep].map((o) => o.key));
      result.removed += await removeUnlisted(db, scope, after, upTo, listed);
      after = upTo;
    }
    page = keep;
    instructions = new Set(keep.filter((o) => instructions.has(o.key)).map((o) => o.key));
  };

  let inPage = 0;
  for await (const obj of source.store.list(source.prefix)) {
    if (previous !== null && byteOrder(previous, obj.key) >= 0) ordered = false;
    previous = obj.key;
    if (obj.key.endsWith('.instruction')) instructions.add(obj.key.slice(0, -'.instruction'.length));
    else if (isMailKey(source.prefix, obj.key)) {
      page.push(obj);
      result.listed++;
    }
    if (++inPage >= pageSize) {
      inPage = 0;
      await flush(false);
    }
  }
  await flush(true);
  if (!ordered) result.removed += await sweep(db, scope, source);
  await db.query('UPDATE mailbox_sync SET synced_at = now() WHERE scope = $1', [scope]);
  return result;
}

/**
 * For a store that did not list in byte order (a local folder with non-ASCII names may): the
 * page-by-page deletion was stopped; a second listing collects every key and deletes the rest.
 * Memory O(keys) for that store only.
 */
async function sweep(db: IndexDb, scope: string, source: MailSource): Promise<number> {
  const listed = new Set<string>();
  for await (const obj of source.store.list(source.prefix)) if (isMailKey(source.prefix, obj.key)) listed.add(obj.key);
  return removeUnlisted(db, scope, null, null, listed);
}
