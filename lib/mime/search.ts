import 'server-only';
import type { MessageSummary } from '@/lib/types';

// Inbox search over summaries (what the listing already holds), Gmail-style:
//   words            in sender, recipients, subject or snippet
//   "a phrase"       the same, as one phrase
//   from: to: subject:   one field (a word or a "quoted phrase")
//   has:attachment
//   before:YYYY-MM-DD  after:YYYY-MM-DD   by receipt time (else the Date header), UTC days;
//                    after: includes that day, before: excludes it
//   -term            negates any of the above
// Terms are ANDed. Matching ignores case and diacritics (é matches e).

export type TermField = 'text' | 'from' | 'to' | 'subject' | 'has' | 'before' | 'after';

export interface QueryTerm {
  field: TermField;
  /** Normalized text; for before/after, the UTC day start in ms as a string. */
  value: string;
  negate: boolean;
}

export interface Query {
  terms: QueryTerm[];
}

const FIELDS = new Set(['from', 'to', 'subject', 'has', 'before', 'after']);

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

export function parseQuery(q: string): Query {
  const terms: QueryTerm[] = [];
  for (const m of q.slice(0, 1000).matchAll(TOKEN)) {
    const negate = Boolean(m[1]);
    const name = m[2]?.toLowerCase();
    const raw = m[3] ?? m[4] ?? '';
    let field: TermField = 'text';
    let value = raw;
    if (name && FIELDS.has(name)) {
      field = name as TermField;
    } else if (name) {
      // Not one of ours (e.g. "http://..."): the whole token is text.
      value = `${m[2]}:${raw}`;
    }
    if (field === 'before' || field === 'after') {
      const day = dayStart(raw.trim());
      if (day === null) {
        field = 'text';
        value = `${m[2]}:${raw}`;
      } else {
        value = String(day);
      }
    } else {
      value = normalizeForSearch(value).trim();
    }
    if (field === 'has' && value !== 'attachment' && value !== 'attachments') {
      field = 'text';
      value = normalizeForSearch(`has:${raw}`);
    }
    if (value) terms.push({ field, value, negate });
  }
  return { terms };
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
