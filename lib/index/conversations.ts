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

// Any fixed number: with the scope's hash, the lock that serialises assignments in one mailbox
// (two replicas indexing a message and its reply at once would otherwise miss each other).
const CONV_LOCK = 4_201;

/** The conversation of this message (inside the transaction that stores its row); merges others into it. */
export async function assignConversation(tx: Queryable, scope: string, m: ThreadFields): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONV_LOCK, scope]);
  const convs = new Set<string>();
  const ids = [...new Set([...m.threadRefs, ...(m.threadId ? [m.threadId] : [])])];
  if (ids.length) {
    const r = await tx.query<{ conv: string }>('SELECT DISTINCT conv FROM conv_ids WHERE scope = $1 AND id = ANY($2::bigint[])', [scope, ids]);
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
  let conv = m.key;
  let size = 1;
  if (convs.size) {
    const sizes = new Map((await tx.query<{ conv: string; size: number }>('SELECT conv, size FROM conversations WHERE scope = $1 AND conv = ANY($2::text[])', [scope, [...convs]])).rows.map((r) => [r.conv, Number(r.size)]));
    // The largest survives (ties: the first name in byte order, so replicas agree).
    const ranked = [...convs].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    conv = ranked[0]!;
    const others = ranked.slice(1);
    size = ranked.reduce((n, c) => n + (sizes.get(c) ?? 0), 1);
    if (others.length) {
      await tx.query('UPDATE messages SET conv = $3 WHERE scope = $1 AND conv = ANY($2::text[])', [scope, others, conv]);
      await tx.query('UPDATE conv_ids SET conv = $3 WHERE scope = $1 AND conv = ANY($2::text[])', [scope, others, conv]);
      await tx.query('DELETE FROM conversations WHERE scope = $1 AND conv = ANY($2::text[])', [scope, others]);
    }
  }
  await tx.query(
    'INSERT INTO conversations (scope, conv, size) VALUES ($1, $2, $3) ON CONFLICT (scope, conv) DO UPDATE SET size = excluded.size',
    [scope, conv, size],
  );
  if (ids.length) {
    await tx.query(
      'INSERT INTO conv_ids (scope, id, conv) SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT (scope, id) DO UPDATE SET conv = excluded.conv',
      [scope, ids, conv],
    );
  }
  return conv;
}
