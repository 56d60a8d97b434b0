import 'server-only';
import type { Query, QueryTerm } from '@/lib/mime/search';
import { FIELD } from './extract';
import type { ReaderView } from './rows';
import { wordsOf } from './words';

// A parsed query (lib/mime/search.ts, the one parser) as SQL over the blind index: every word
// becomes the keyed tokens it would have in each field, so nothing is decrypted to search. A
// "phrase" asks for all its words (the index keeps no word order). Pages and order: pages.ts.

const TEXT_FIELDS = [FIELD.subject, FIELD.from, FIELD.to, FIELD.body];

export class Sql {
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

/** The query's conditions over `messages m` joined with the reader's `person_state p` (none: TRUE). */
export function whereOf(sql: Sql, view: ReaderView, query: Query): string {
  const where = query.terms.map((t) => clause(sql, view, t));
  return where.length ? where.join(' AND ') : 'TRUE';
}
