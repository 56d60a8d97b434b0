import 'server-only';
import type { MessageSummary } from '@/lib/types';

// The one search-query parser (the index translates the same Query to SQL, lib/index/search.ts;
// without the index, matches() runs it over the summaries in memory). Gmail-style:
//   words            in sender, recipients, subject, snippet (with the index: the whole text)
//   "a phrase"       the same, as one phrase (with the index: all its words)
//   from: to: subject:   one field (a word or a "quoted phrase")
//   has:attachment
//   is:read is:unread is:starred is:done   the reader's own state
//   in:MAILBOX       one mailbox (in:all: every mailbox the reader may read)
//   before:YYYY-MM-DD  after:YYYY-MM-DD   by receipt time (else the Date header), UTC days;
//                    after: includes that day, before: excludes it
//   -term            negates any of the above
//   a OR b           either (binds tighter than the implicit AND: `a OR b c` = (a or b) and c)
// Matching ignores case and diacritics (é matches e). An unknown operator, value or date is an
// error (QueryError), never a search that silently finds nothing.

export type TermField = 'text' | 'from' | 'to' | 'subject' | 'has' | 'before' | 'after' | 'is' | 'in' | 'or';

export interface QueryTerm {
  field: TermField;
  /** Normalized text; for before/after, the UTC day start in ms as a string. */
  value: string;
  negate: boolean;
  /** field 'or': the alternatives, any of which may match. */
  anyOf?: QueryTerm[];
}

export interface Query {
  terms: QueryTerm[];
}

export const SEARCH_HELP =
  'words, "a phrase", from:, to:, subject:, has:attachment, is:read, is:unread, is:starred, is:done, in:MAILBOX, in:all, before:YYYY-MM-DD, after:YYYY-MM-DD, -term to exclude, OR between two terms';

/** A query the reader must change: the message says what is wrong and what is allowed. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

const FIELDS = new Set(['from', 'to', 'subject', 'has', 'before', 'after', 'is', 'in']);
const IS_VALUES = new Set(['read', 'unread', 'starred', 'done']);

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

function dayStart(value: string): number | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d);
  const check = new Date(time);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? time : null;
}

// A token: optional "-", optional "field:", then a "quoted phrase" or a run of non-space.
const TOKEN = /(-)?(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/gi;

function termOf(m: RegExpMatchArray): QueryTerm | null {
  const negate = Boolean(m[1]);
  const name = m[2]?.toLowerCase();
  const raw = m[3] ?? m[4] ?? '';
  if (!name) {
    const value = normalizeForSearch(raw).trim();
    return value ? { field: 'text', value, negate } : null;
  }
  if (!FIELDS.has(name)) {
    // A URL (https://…, mailto:x) is text, not an operator.
    if (raw.startsWith('//') || name === 'mailto') return { field: 'text', value: normalizeForSearch(`${m[2]}:${raw}`).trim(), negate };
    throw new QueryError(`"${m[2]}:" is not a search operator. You can use: ${SEARCH_HELP}.`);
  }
  const field = name as TermField;
  if (field === 'before' || field === 'after') {
    const day = dayStart(raw.trim());
    if (day === null) throw new QueryError(`"${name}:${raw}" is not a date: write ${name}:YYYY-MM-DD, e.g. ${name}:2025-01-31.`);
    return { field, value: String(day), negate };
  }
  const value = normalizeForSearch(raw).trim();
  if (!value) throw new QueryError(`"${name}:" needs a value, e.g. ${name === 'is' ? 'is:unread' : name === 'has' ? 'has:attachment' : `${name}:word`}.`);
  if (field === 'has') {
    if (value !== 'attachment' && value !== 'attachments') throw new QueryError(`"has:${raw}" is not known: the only one is has:attachment.`);
    return { field, value: 'attachment', negate };
  }
  if (field === 'is' && !IS_VALUES.has(value)) throw new QueryError(`"is:${raw}" is not known: use is:read, is:unread, is:starred or is:done.`);
  return { field, value, negate };
}

export function parseQuery(q: string): Query {
  const terms: QueryTerm[] = [];
  let pendingOr = false;
  for (const m of q.slice(0, 1000).matchAll(TOKEN)) {
    if (m[0] === 'OR') {
      if (!terms.length) throw new QueryError('"OR" needs a term on each side, e.g. from:alice OR from:bob.');
      pendingOr = true;
      continue;
    }
    const term = termOf(m);
    if (!term) continue;
    if (pendingOr) {
      const left = terms.pop()!;
      terms.push(left.field === 'or' && !left.negate ? { ...left, anyOf: [...left.anyOf!, term] } : { field: 'or', value: '', negate: false, anyOf: [left, term] });
      pendingOr = false;
    } else {
      terms.push(term);
    }
  }
  if (pendingOr) throw new QueryError('"OR" needs a term on each side, e.g. from:alice OR from:bob.');
  return { terms };
}

/** The mailboxes named by in: terms (ANDed: more than one different mailbox finds nothing). */
export function mailboxesIn(query: Query): string[] {
  return query.terms.filter((t) => t.field === 'in' && !t.negate).map((t) => t.value);
}

function addressText(a: { name: string; address: string } | null): string {
  return a ? `${a.name} ${a.address}` : '';
}

function when(summary: MessageSummary): number | null {
  for (const iso of [summary.receivedAt, summary.date]) {
    const t = iso ? Date.parse(iso) : NaN;
    if (!Number.isNaN(t)) return t;
  }
  return null;
}

function termMatches(summary: MessageSummary, term: QueryTerm): boolean {
  const has = (text: string): boolean => normalizeForSearch(text).includes(term.value);
  switch (term.field) {
    case 'from':
      return has(addressText(summary.from));
    case 'to':
      return summary.to.some((a) => has(addressText(a)));
    case 'subject':
      return has(summary.subject);
    case 'has':
      return summary.hasAttachments;
    case 'is':
      if (term.value === 'read') return summary.read === true;
      if (term.value === 'unread') return summary.read !== true;
      if (term.value === 'starred') return summary.starred === true;
      return summary.done === true;
    case 'in':
      return term.value === 'all' || summary.mailbox === term.value;
    case 'or':
      return (term.anyOf ?? []).some((t) => termMatches(summary, t) !== t.negate);
    case 'before': {
      const t = when(summary);
      return t !== null && t < Number(term.value);
    }
    case 'after': {
      const t = when(summary);
      return t !== null && t >= Number(term.value);
    }
    case 'text':
      return (
        has(addressText(summary.from)) ||
        summary.to.some((a) => has(addressText(a))) ||
        has(summary.subject) ||
        has(summary.snippet)
      );
  }
}

export function matches(summary: MessageSummary, query: Query): boolean {
  return query.terms.every((term) => termMatches(summary, term) !== term.negate);
}
