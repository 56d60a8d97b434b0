import 'server-only';
import type { MessageSummary } from '@/lib/types';
import { rowAad, type IndexKeys } from './crypto';
import type { IndexDb } from './db';
import type { SealedSummary } from './extract';
import { computeThreads, type ThreadInfo } from './threads';

// Reading the index for one reader: rows opened with the mailbox's index key (unwrapped with the
// reader's own rights), their own state joined in, conversations from keyed hashes.

export interface ReaderView {
  db: IndexDb;
  scope: string;
  bucket: string;
  mailboxId: string;
  keys: IndexKeys;
  /** HMAC of the reader's `sub` under the mailbox's key, or null (no signed-in person: no state). */
  person: Buffer | null;
}

export interface IndexedSummary {
  summary: SealedSummary;
  etag: string;
  read: boolean;
  starred: boolean;
  done: boolean;
}

const NO_PERSON = Buffer.alloc(16);

interface RowRecord {
  key: string;
  etag: string;
  sealed: Uint8Array;
  read: boolean | null;
  starred: boolean | null;
  done: boolean | null;
}

/**
 * The sealed rows of these objects that match their listed ETag and authenticate. A row that
 * fails authentication is dropped (set back to "to do"), so the indexer makes it again.
 */
export async function readRows(view: ReaderView, objects: readonly { key: string; etag: string }[]): Promise<Map<string, IndexedSummary>> {
  const out = new Map<string, IndexedSummary>();
  if (!objects.length) return out;
  const r = await view.db.query<RowRecord>(
    `SELECT m.key, m.etag, m.sealed, p.read, p.starred, p.done FROM messages m
     LEFT JOIN person_state p ON p.scope = m.scope AND p.key = m.key AND p.person = $3
     WHERE m.scope = $1 AND m.key = ANY($2::text[]) AND m.sealed IS NOT NULL`,
    [view.scope, objects.map((o) => o.key), view.person ?? NO_PERSON],
  );
  const want = new Map(objects.map((o) => [o.key, o.etag]));
  const bad: { key: string; sealed: Uint8Array }[] = [];
  for (const row of r.rows) {
    if (want.get(row.key) !== row.etag) continue;
    const plain = view.keys.openRow(row.sealed, rowAad(view.bucket, row.key, row.etag));
    let summary: SealedSummary | null = null;
    try {
      summary = plain ? (JSON.parse(plain.toString('utf8')) as SealedSummary) : null;
    } catch {
      summary = null;
    }
    if (!summary) {
      bad.push({ key: row.key, sealed: row.sealed });
      continue;
    }
    out.set(row.key, { summary, etag: row.etag, read: row.read === true, starred: row.starred === true, done: row.done === true });
  }
  for (const b of bad) {
    await view.db.query('UPDATE messages SET sealed = NULL, tokens = NULL, lease_until = NULL, retry_at = NULL WHERE scope = $1 AND key = $2 AND sealed = $3', [
      view.scope, b.key, Buffer.from(b.sealed),
    ]);
  }
  return out;
}

/** Conversations of the whole mailbox (indexed rows only), from hashes; no decryption. */
export async function loadThreads(db: IndexDb, scope: string): Promise<Map<string, ThreadInfo>> {
  const r = await db.query<{ key: string; received_at: Date | string; thread_id: unknown; thread_refs: unknown[] | null; thread_subject: unknown; thread_reply: boolean }>(
    'SELECT key, received_at, thread_id, thread_refs, thread_subject, thread_reply FROM messages WHERE scope = $1 AND sealed IS NOT NULL',
    [scope],
  );
  return computeThreads(
    r.rows.map((row) => ({
      key: row.key,
      receivedAt: new Date(row.received_at).getTime(),
      id: row.thread_id == null ? null : String(row.thread_id),
      refs: (row.thread_refs ?? []).map(String),
      subject: row.thread_subject == null ? null : String(row.thread_subject),
      reply: row.thread_reply,
    })),
  );
}

export function toMessageSummary(
  base: Pick<MessageSummary, 'id' | 'mailbox' | 'receivedAt' | 'size'>,
  row: IndexedSummary,
  thread: ThreadInfo | undefined,
  idOfKey: (key: string) => string,
): MessageSummary {
  return {
    ...base,
    ...row.summary,
    read: row.read,
    starred: row.starred,
    done: row.done,
    ...(thread ? { threadId: idOfKey(thread.threadKey), threadSize: thread.size } : {}),
  };
}

export interface StatePatch {
  read?: boolean;
  starred?: boolean;
  done?: boolean;
}

export async function setState(view: ReaderView, key: string, patch: StatePatch): Promise<{ read: boolean; starred: boolean; done: boolean }> {
  if (!view.person) throw new Error('no person to keep state for');
  const r = await view.db.query<{ read: boolean; starred: boolean; done: boolean }>(
    `INSERT INTO person_state (scope, person, key, read, starred, done) VALUES ($1, $2, $3, coalesce($4, false), coalesce($5, false), coalesce($6, false))
     ON CONFLICT (scope, person, key) DO UPDATE SET read = coalesce($4, person_state.read), starred = coalesce($5, person_state.starred),
       done = coalesce($6, person_state.done), updated_at = now()
     RETURNING read, starred, done`,
    [view.scope, view.person, key, patch.read ?? null, patch.starred ?? null, patch.done ?? null],
  );
  return r.rows[0]!;
}

/** Messages this reader has not read (nor marked done), indexed or not yet. */
export async function unreadCount(view: ReaderView): Promise<number> {
  const r = await view.db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM messages m LEFT JOIN person_state p ON p.scope = m.scope AND p.key = m.key AND p.person = $2
     WHERE m.scope = $1 AND NOT coalesce(p.read, false) AND NOT coalesce(p.done, false)`,
    [view.scope, view.person ?? NO_PERSON],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Keys of this mailbox the reader marked done (or starred): the inbox hides done, the filters show them. */
export async function keysWith(view: ReaderView, flag: 'done' | 'starred'): Promise<Set<string>> {
  if (!view.person) return new Set();
  const r = await view.db.query<{ key: string }>(
    `SELECT key FROM person_state WHERE scope = $1 AND person = $2 AND ${flag === 'done' ? 'done' : 'starred'}`,
    [view.scope, view.person],
  );
  return new Set(r.rows.map((row) => row.key));
}
