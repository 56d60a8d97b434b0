import 'server-only';
import type { Queryable } from './db';

// Conversations from keyed hashes only (no plaintext), kept in the rows (`conv`: the key of the
// conversation's oldest message) and assigned as each message is indexed, so no request ever
// loads the whole mailbox to group it. A message joins every conversation that shares an id with
// it — its Message-ID named in another's References/In-Reply-To, a parent it names, or an ancestor
// both name that is not in the mailbox — and those conversations merge. A reply without those
// headers ("Re: …" from a client that drops them) joins the latest earlier message with the same
// normalised subject within SUBJECT_WINDOW; a message arriving (being indexed) before such a reply
// takes it in. Every lookup is an indexed query (messages_thread_id, messages_thread_refs,
// messages_thread_subject, messages_conv), so indexing stays linear in the mailbox.
//
// Deleting a message never splits its conversation (the rest keep their conv).

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

// Any fixed number: with the scope's hash, the lock that serialises assignments in one mailbox
// (two replicas indexing a message and its reply at once would otherwise miss each other).
const CONV_LOCK = 4_201;

/** The conversation of this message (inside the transaction that stores its row); merges others into it. */
export async function assignConversation(tx: Queryable, scope: string, m: ThreadFields): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONV_LOCK, scope]);
  const convs = new Set<string>();
  const ids = [...m.threadRefs, ...(m.threadId ? [m.threadId] : [])];
  if (ids.length) {
    const r = await tx.query<{ conv: string }>(
      `SELECT DISTINCT conv FROM messages WHERE scope = $1 AND conv IS NOT NULL AND key <> $2
         AND (thread_id = ANY($3::bigint[]) OR thread_refs && $3::bigint[])`,
      [scope, m.key, ids],
    );
    for (const row of r.rows) convs.add(row.conv);
  }
  if (m.threadSubject) {
    const t = m.receivedAt.toISOString();
    if (m.threadReply) {
      const prev = await tx.query<{ conv: string }>(
        `SELECT conv FROM messages WHERE scope = $1 AND thread_subject = $2 AND conv IS NOT NULL AND key <> $3
           AND received_at <= $4::timestamptz AND received_at >= $4::timestamptz - make_interval(secs => $5)
         ORDER BY received_at DESC, key COLLATE "C" DESC LIMIT 1`,
        [scope, m.threadSubject, m.key, t, SUBJECT_WINDOW_MS / 1000],
      );
      if (prev.rows[0]) convs.add(prev.rows[0].conv);
    }
    // The next message of this subject, if it is a reply that names no parent, answers this one.
    const next = await tx.query<{ conv: string; thread_reply: boolean; received_at: Date | string }>(
      `SELECT conv, thread_reply, received_at FROM messages WHERE scope = $1 AND thread_subject = $2 AND conv IS NOT NULL AND key <> $3
         AND received_at >= $4::timestamptz
       ORDER BY received_at, key COLLATE "C" LIMIT 1`,
      [scope, m.threadSubject, m.key, t],
    );
    const n = next.rows[0];
    if (n?.thread_reply && new Date(n.received_at).getTime() - m.receivedAt.getTime() <= SUBJECT_WINDOW_MS) convs.add(n.conv);
  }
  if (!convs.size) return m.key;
  const oldest = await tx.query<{ key: string; received_at: Date | string }>(
    'SELECT key, received_at FROM messages WHERE scope = $1 AND conv = ANY($2::text[]) ORDER BY received_at, key COLLATE "C" LIMIT 1',
    [scope, [...convs]],
  );
  const o = oldest.rows[0];
  const oldestTime = o ? new Date(o.received_at).getTime() : Infinity;
  const selfFirst = !o || m.receivedAt.getTime() < oldestTime || (m.receivedAt.getTime() === oldestTime && Buffer.compare(Buffer.from(m.key), Buffer.from(o.key)) < 0);
  const conv = selfFirst ? m.key : o.key;
  await tx.query('UPDATE messages SET conv = $3 WHERE scope = $1 AND conv = ANY($2::text[]) AND conv <> $3', [scope, [...convs], conv]);
  return conv;
}
