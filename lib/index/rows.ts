import 'server-only';
import type { MessageSummary } from '@/lib/types';
import { rowAad, type IndexKeys } from './crypto';
import type { IndexDb } from './db';
import type { SealedSummary } from './extract';

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

export const NO_PERSON = Buffer.alloc(16);

/** One row as a page query returns it (lib/index/pages.ts). */
export interface RowRecord {
  key: string;
  etag: string;
  received_at: Date | string;
  size: string | number;
  sealed: Uint8Array | null;
  instruction: boolean;
  conv: string | null;
  read: boolean | null;
  starred: boolean | null;
  done: boolean | null;
}

/** The columns of RowRecord, for `SELECT ${ROW_COLUMNS} FROM messages m LEFT JOIN person_state p …`. */
export const ROW_COLUMNS = 'm.key, m.etag, m.received_at, m.size, m.sealed, m.instruction, m.conv, p.read, p.starred, p.done';

/**
 * The sealed rows opened with the mailbox's index key. A row that fails authentication is dropped
 * (set back to "to do"), so the indexer makes it again; rows not indexed yet are left out.
 */
export async function openRows(view: ReaderView, records: readonly RowRecord[]): Promise<Map<string, IndexedSummary>> {
  const out = new Map<string, IndexedSummary>();
  const bad: { key: string; sealed: Uint8Array }[] = [];
  for (const row of records) {
    if (!row.sealed) continue;
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
    await view.db.query('UPDATE messages SET sealed = NULL, tokens = NULL, conv = NULL, lease_until = NULL, retry_at = NULL WHERE scope = $1 AND key = $2 AND sealed = $3', [
      view.scope, b.key, Buffer.from(b.sealed),
    ]);
  }
  return out;
}

/** The conversation of a row on a page: its oldest message's key, its size and unread messages. */
export interface ConversationOfRow {
  threadKey: string;
  size: number;
  unread: number;
}

export function toMessageSummary(
  base: Pick<MessageSummary, 'id' | 'mailbox' | 'receivedAt' | 'size'>,
  row: IndexedSummary,
  conversation: ConversationOfRow | undefined,
  idOfKey: (key: string) => string,
): MessageSummary {
  return {
    ...base,
    ...row.summary,
    read: row.read,
    starred: row.starred,
    done: row.done,
    ...(conversation ? { threadId: idOfKey(conversation.threadKey), threadSize: conversation.size, threadUnread: conversation.unread } : {}),
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
