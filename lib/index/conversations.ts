import 'server-only';
import type { Queryable } from './db';

// Conversations from keyed hashes only (no plaintext), kept in the rows (`conv`, an opaque name:
// the key of the message that started it) and assigned as each message is indexed, so no
// request ever loads the whole mailbox to group it. A message joins every conversation that
// shares a Message-ID with it — its own named in another's References/In-Reply-To, a parent it
// names, or an ancestor both name that is not in the mailbox (conv_ids maps every hashed id seen
// to its conversation) — and those conversations merge, the smaller into the larger (union by
// size: a message is renamed O(log n) times, never once per message of a long thread). A reply
// without those headers ("Re: …" from a client that drops them) joins the latest earlier message
// with the same normalised subject within SUBJECT_WINDOW; a message indexed before such a reply
// takes it in. Each step is a few indexed lookups, so indexing stays near-linear in the mailbox
// whatever the threads look like (50,000 alerts naming one root included).
//
// Deleting a message never splits its conversation. Which key names a conversation on the page
// (the oldest message still there) is read when the page is made (pages.ts).

export const SUBJECT_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface ThreadFields {
  key: string;
  receivedAt: Date;
  threadId: string | null;
  threadRefs: readonly string[];
  threadSubject: string | null;
  /** The subject had a reply prefix and the message names no parent. */
  threadReply: boolean;
}

/**
 * The conversation of this message, inside the transaction that stores its row: merges others
 * into it and sets the row's `conv`. One call of sesame_assign_conv (migrations.ts), which takes
 * the mailbox's lock (two replicas indexing a message and its reply at once would otherwise miss
 * each other) for that one round trip. `renamed`: rows moved by merges.
 */
export async function assignConversation(tx: Queryable, scope: string, m: ThreadFields): Promise<{ conv: string; renamed: number }> {
  const ids = [...new Set([...m.threadRefs, ...(m.threadId ? [m.threadId] : [])])];
  const r = await tx.query<{ conv: string; renamed: number }>('SELECT assigned AS conv, renamed_rows AS renamed FROM sesame_assign_conv($1, $2, $3, $4::bigint[], $5, $6, make_interval(secs => $7))', [
    scope, m.key, m.receivedAt.toISOString(), ids, m.threadSubject, m.threadReply, SUBJECT_WINDOW_MS / 1000,
  ]);
  const row = r.rows[0]!;
  return { conv: row.conv, renamed: Number(row.renamed) };
}
