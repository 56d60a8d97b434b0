import 'server-only';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@/lib/types';
import { matches, parseQuery } from './search';

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

  it('keeps unknown prefixes, invalid dates and URLs as text', () => {
    expect(parseQuery('https://x.example/a foo:bar before:2025-02-30 has:pdf').terms.map((t) => [t.field, t.value])).toEqual([
      ['text', 'https://x.example/a'], ['text', 'foo:bar'], ['text', 'before:2025-02-30'], ['text', 'has:pdf'],
    ]);
    expect(parseQuery('   ').terms).toEqual([]);
    expect(parseQuery('subject:"unterminated').terms).toEqual([{ field: 'subject', value: 'unterminated', negate: false }]);
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
