import 'server-only';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@/lib/types';
import { matches, parseQuery, QueryError } from './search';

function summary(over: Partial<MessageSummary>): MessageSummary {
  return {
    id: 'id', mailbox: 'support', from: { name: 'Élodie Dupré', address: 'elodie@example.fr' },
    to: [{ name: 'Support', address: 'support@sesame.example' }], subject: 'Compte rendu de la réunion',
    date: '2025-06-30T16:12:44.000Z', receivedAt: '2025-06-30T16:13:00.000Z', snippet: 'Prochaine étape : déploiement vendredi',
    hasAttachments: false, size: 100, encrypted: true, ...over,
  };
}

const q = (text: string, s: MessageSummary = summary({})): boolean => matches(s, parseQuery(text));

describe('parseQuery', () => {
  it('splits words, fields, quoted phrases and negations', () => {
    expect(parseQuery('hello from:alice subject:"weekly report" -has:attachment after:2025-01-31 "two words"').terms).toEqual([
      { field: 'text', value: 'hello', negate: false },
      { field: 'from', value: 'alice', negate: false },
      { field: 'subject', value: 'weekly report', negate: false },
      { field: 'has', value: 'attachment', negate: true },
      { field: 'after', value: String(Date.UTC(2025, 0, 31)), negate: false },
      { field: 'text', value: 'two words', negate: false },
    ]);
  });

  it('keeps URLs as text and refuses unknown operators, bad dates and values', () => {
    expect(parseQuery('https://x.example/a mailto:bob').terms.map((t) => [t.field, t.value])).toEqual([
      ['text', 'https://x.example/a'], ['text', 'mailto:bob'],
    ]);
    expect(() => parseQuery('foo:bar')).toThrow(QueryError);
    expect(() => parseQuery('foo:bar')).toThrow(/"foo:" is not a search operator/);
    expect(() => parseQuery('before:2025-02-30')).toThrow(/is not a date/);
    expect(() => parseQuery('after:yesterday')).toThrow(QueryError);
    expect(() => parseQuery('has:pdf')).toThrow(/has:attachment/);
    expect(() => parseQuery('is:important')).toThrow(/is:unread/);
    expect(() => parseQuery('OR x')).toThrow(/OR/);
    expect(() => parseQuery('x OR')).toThrow(/OR/);
    expect(parseQuery('   ').terms).toEqual([]);
    expect(parseQuery('subject:"unterminated').terms).toEqual([{ field: 'subject', value: 'unterminated', negate: false }]);
  });

  it('reads is:, in: and OR', () => {
    expect(parseQuery('is:unread in:support').terms).toEqual([
      { field: 'is', value: 'unread', negate: false },
      { field: 'in', value: 'support', negate: false },
    ]);
    const [or, rest] = parseQuery('from:alice OR from:bob OR carol report').terms;
    expect(or?.field).toBe('or');
    expect(or?.anyOf?.map((t) => t.value)).toEqual(['alice', 'bob', 'carol']);
    expect(rest).toEqual({ field: 'text', value: 'report', negate: false });
    expect(parseQuery('or lower-case').terms.map((t) => t.value)).toEqual(['or', 'lower-case']);
  });
});

describe('matches', () => {
  it('matches free words in sender, recipients, subject and snippet, ignoring case and accents', () => {
    expect(q('elodie')).toBe(true);
    expect(q('DUPRE')).toBe(true);
    expect(q('support@sesame')).toBe(true);
    expect(q('reunion')).toBe(true);
    expect(q('deploiement')).toBe(true);
    expect(q('réunion compte')).toBe(true);
    expect(q('reunion missing')).toBe(false);
    expect(q('"rendu de la"')).toBe(true);
    expect(q('"rendu la"')).toBe(false);
  });

  it('restricts field terms to their field', () => {
    expect(q('from:elodie')).toBe(true);
    expect(q('from:support')).toBe(false);
    expect(q('to:support')).toBe(true);
    expect(q('to:elodie')).toBe(false);
    expect(q('subject:reunion')).toBe(true);
    expect(q('subject:vendredi')).toBe(false);
    expect(q('subject:"compte rendu"')).toBe(true);
  });

  it('negates any term', () => {
    expect(q('-from:elodie')).toBe(false);
    expect(q('-vendredi')).toBe(false);
    expect(q('-samedi reunion')).toBe(true);
    expect(q('-has:attachment')).toBe(true);
    expect(q('-has:attachment', summary({ hasAttachments: true }))).toBe(false);
  });

  it('filters on attachments and on receipt day (UTC), falling back to the Date header', () => {
    expect(q('has:attachment')).toBe(false);
    expect(q('has:attachments', summary({ hasAttachments: true }))).toBe(true);
    expect(q('after:2025-06-30')).toBe(true);
    expect(q('after:2025-07-01')).toBe(false);
    expect(q('before:2025-07-01')).toBe(true);
    expect(q('before:2025-06-30')).toBe(false);
    expect(q('after:2025/6/1 before:2025/7/1')).toBe(true);
    const noReceipt = summary({ receivedAt: '', date: '2024-01-05T00:00:00.000Z' });
    expect(q('before:2024-01-06', noReceipt)).toBe(true);
    expect(q('after:2024-01-06', summary({ receivedAt: '', date: null }))).toBe(false);
  });

  it('copes with a summary that has no sender', () => {
    expect(q('from:x', summary({ from: null }))).toBe(false);
    expect(q('reunion', summary({ from: null, to: [] }))).toBe(true);
  });
});

describe('matches with state, mailboxes and OR', () => {
  it('reads the summary\'s own state and mailbox', () => {
    expect(q('is:unread')).toBe(true);
    expect(q('is:read', summary({ read: true }))).toBe(true);
    expect(q('is:starred', summary({ starred: true }))).toBe(true);
    expect(q('-is:done', summary({ done: true }))).toBe(false);
    expect(q('in:support')).toBe(true);
    expect(q('in:alerts')).toBe(false);
    expect(q('in:all')).toBe(true);
    expect(q('from:nobody OR subject:reunion')).toBe(true);
    expect(q('from:nobody OR subject:nothing')).toBe(false);
  });
});
