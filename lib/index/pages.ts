import 'server-only';
import type { Query } from '@/lib/mime/search';
import { NO_PERSON, ROW_COLUMNS, type ConversationOfRow, type ReaderView, type RowRecord } from './rows';
import { Sql, whereOf } from './search';

// One page of a mailbox's list straight from the rows, in the database: order, the reader's
// filters (inbox without done, done, starred), a search, conversations as one row each, one
// conversation. The process holds one page, never the mailbox. Newest first, ties by key in byte
// order, as the listing orders them.

export interface PageShape {
  view: 'inbox' | 'done' | 'starred' | 'all';
  query: Query | null;
  /** Each conversation once, as its newest message. */
  threads: boolean;
  /** Only this conversation (its key), oldest first. */
  thread?: string;
}

export interface RowsPage {
  records: RowRecord[];
  total: number;
  /** The conversations of the page's rows (rows not in one: absent). */
  conversations: Map<string, ConversationOfRow>;
}

const ORDER = 'm.received_at DESC, m.key COLLATE "C"';

function filters(sql: Sql, view: ReaderView, shape: PageShape): string {
  const scope = sql.add(view.scope);
  const where = [`m.scope = ${scope}`];
  if (shape.thread) {
    // A conversation is shown whole (done messages too), whatever the list's filter.
    // Named by one of its messages (the oldest when the page was made): that message's conversation.
    const k = sql.add(shape.thread);
    where.push(`(m.conv = (SELECT t.conv FROM messages t WHERE t.scope = ${scope} AND t.key = ${k}) OR (m.key = ${k} AND m.conv IS NULL))`);
    return where.join(' AND ');
  }
  if (shape.query) where.push('m.sealed IS NOT NULL', whereOf(sql, view, shape.query));
  if (shape.view === 'inbox') where.push('NOT coalesce(p.done, false)');
  else if (shape.view === 'done') where.push('coalesce(p.done, false)');
  else if (shape.view === 'starred') where.push('coalesce(p.starred, false)');
  return where.join(' AND ');
}

export async function rowsPage(view: ReaderView, shape: PageShape, start: number, limit: number): Promise<RowsPage> {
  const sql = new Sql();
  const person = sql.add(view.person ?? NO_PERSON);
  const from = `messages m LEFT JOIN person_state p ON p.scope = m.scope AND p.key = m.key AND p.person = ${person}`;
  const where = filters(sql, view, shape);
  const lim = sql.add(limit);
  const off = sql.add(start);
  let records: RowRecord[];
  let total: number;
  if (shape.threads && !shape.thread) {
    // Keys first (the sort carries no sealed rows), then the page's rows.
    const page = await view.db.query<{ key: string }>(
      `WITH f AS (SELECT m.key, m.received_at, coalesce(m.conv, m.key) AS c FROM ${from} WHERE ${where}),
            newest AS (SELECT DISTINCT ON (c) key, received_at FROM f ORDER BY c, received_at DESC, key COLLATE "C")
       SELECT key FROM newest ORDER BY received_at DESC, key COLLATE "C" LIMIT ${lim} OFFSET ${off}`,
      sql.params,
    );
    const keys = page.rows.map((r) => r.key);
    const got = keys.length
      ? (await view.db.query<RowRecord>(`SELECT ${ROW_COLUMNS} FROM ${from} WHERE m.scope = $2 AND m.key = ANY($3::text[])`, [sql.params[0], view.scope, keys])).rows
      : [];
    const byKey = new Map(got.map((r) => [r.key, r]));
    records = keys.map((k) => byKey.get(k)).filter((r): r is RowRecord => r !== undefined);
    const n = await view.db.query<{ n: string | number }>(`SELECT count(DISTINCT coalesce(m.conv, m.key)) AS n FROM ${from} WHERE ${where}`, sql.params.slice(0, -2));
    total = Number(n.rows[0]?.n ?? 0);
  } else {
    const order = shape.thread ? 'm.received_at, m.key COLLATE "C"' : ORDER;
    records = (await view.db.query<RowRecord>(`SELECT ${ROW_COLUMNS} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${lim} OFFSET ${off}`, sql.params)).rows;
    const n = await view.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, sql.params.slice(0, -2));
    total = Number(n.rows[0]?.n ?? 0);
  }
  return { records, total, conversations: await conversationsOf(view, records) };
}

/** Size, unread messages (for this reader: not read, not done) and oldest message of the page's conversations. */
async function conversationsOf(view: ReaderView, records: readonly RowRecord[]): Promise<Map<string, ConversationOfRow>> {
  const convs = [...new Set(records.map((r) => r.conv).filter((c): c is string => c !== null))];
  const byConv = new Map<string, ConversationOfRow>();
  if (convs.length) {
    const [counts, oldest] = await Promise.all([
      view.db.query<{ conv: string; size: string | number; unread: string | number }>(
        `SELECT m.conv, count(*) AS size, count(*) FILTER (WHERE NOT coalesce(p.read, false) AND NOT coalesce(p.done, false)) AS unread
         FROM messages m LEFT JOIN person_state p ON p.scope = m.scope AND p.key = m.key AND p.person = $3
         WHERE m.scope = $1 AND m.conv = ANY($2::text[]) GROUP BY m.conv`,
        [view.scope, convs, view.person ?? NO_PERSON],
      ),
      view.db.query<{ conv: string; key: string }>(
        'SELECT DISTINCT ON (conv) conv, key FROM messages WHERE scope = $1 AND conv = ANY($2::text[]) ORDER BY conv, received_at, key COLLATE "C"',
        [view.scope, convs],
      ),
    ]);
    const first = new Map(oldest.rows.map((r) => [r.conv, r.key]));
    for (const row of counts.rows) {
      byConv.set(row.conv, { threadKey: first.get(row.conv) ?? row.conv, size: Number(row.size), unread: Number(row.unread) });
    }
  }
  const out = new Map<string, ConversationOfRow>();
  for (const rec of records) {
    const c = rec.conv ? byConv.get(rec.conv) : undefined;
    if (c) out.set(rec.key, c);
  }
  return out;
}
