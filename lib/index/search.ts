import 'server-only';
import type { Query, QueryTerm } from '@/lib/mime/search';
import { FIELD } from './extract';
import type { ReaderView } from './rows';
import { wordsOf } from './words';

// A parsed query (lib/mime/search.ts, the one parser) as SQL over the blind index: every word
// becomes the keyed tokens it would have in each field, so nothing is decrypted to search. A
// "phrase" asks for all its words (the index keeps no word order). Newest first.

const MAX_HITS = 100_000;
const TEXT_FIELDS = [FIELD.subject, FIELD.from, FIELD.to, FIELD.body];

class Sql {
  readonly params: unknown[] = [];
  add(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

function wordClauses(sql: Sql, view: ReaderView, fields: readonly string[], value: string): string {
  const words = [...wordsOf(value, 64)];
  if (!words.length) return 'TRUE';
  if (fields.length === 1) return `m.tokens @> ${sql.add(words.map((w) => view.keys.token(fields[0]!, w)))}::bigint[]`;
  return words.map((w) => `m.tokens && ${sql.add(fields.map((f) => view.keys.token(f, w)))}::bigint[]`).join(' AND ');
}

function clause(sql: Sql, view: ReaderView, term: QueryTerm): string {
  let c: string;
  switch (term.field) {
    case 'text':
      c = wordClauses(sql, view, TEXT_FIELDS, term.value);
      break;
    case 'from':
      c = wordClauses(sql, view, [FIELD.from], term.value);
      break;
    case 'to':
      c = wordClauses(sql, view, [FIELD.to], term.value);
      break;
    case 'subject':
      c = wordClauses(sql, view, [FIELD.subject], term.value);
      break;
    case 'has':
      c = `m.tokens @> ${sql.add([view.keys.token(FIELD.has, 'attachment')])}::bigint[]`;
      break;
    case 'before':
      c = `m.received_at < to_timestamp(${sql.add(Number(term.value) / 1000)})`;
      break;
    case 'after':
      c = `m.received_at >= to_timestamp(${sql.add(Number(term.value) / 1000)})`;
      break;
    case 'is':
      c = term.value === 'unread' ? 'NOT coalesce(p.read, false)' : `coalesce(p.${term.value === 'read' ? 'read' : term.value === 'starred' ? 'starred' : 'done'}, false)`;
      break;
    case 'in':
      c = term.value === 'all' || term.value === view.mailboxId ? 'TRUE' : 'FALSE';
      break;
    case 'or':
      c = (term.anyOf ?? []).map((t) => `(${clause(sql, view, t)})`).join(' OR ') || 'FALSE';
      break;
  }
  return term.negate ? `NOT (${c})` : `(${c})`;
}

/** Keys (with ETags) of the indexed messages that match, newest first. */
export async function searchIndex(view: ReaderView, query: Query): Promise<{ key: string; etag: string }[]> {
  const sql = new Sql();
  const scope = sql.add(view.scope);
  const person = sql.add(view.person ?? Buffer.alloc(16));
  const where = query.terms.map((t) => clause(sql, view, t));
  const r = await view.db.query<{ key: string; etag: string }>(
    `SELECT m.key, m.etag FROM messages m
     LEFT JOIN person_state p ON p.scope = m.scope AND p.key = m.key AND p.person = ${person}
     WHERE m.scope = ${scope} AND m.sealed IS NOT NULL${where.length ? ` AND ${where.join(' AND ')}` : ''}
     ORDER BY m.received_at DESC, m.key LIMIT ${MAX_HITS}`,
    sql.params,
  );
  return r.rows;
}
