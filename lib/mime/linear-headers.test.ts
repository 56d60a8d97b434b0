import { describe } from 'vitest';
import type { HeaderLine, MessageSummary } from '@/lib/types';
import { decodeCharset, decodeHeaderBytes, normalizeCharset } from './charset';
import { decodeWords } from './encoded-words';
import { readHeaderBlock } from './header-block';
import { parseStructured, stripComments } from './header-params';
import { DEFAULT_LIMITS } from './limits';
import { displayHeaders, readFields } from './message-fields';
import { matches, normalizeForSearch, parseQuery, QueryError } from './search';
import { itRunsInLinearTime, nested, punctuationRuns, repeatTo, type LinearCase } from './testing/linear';
import { readVerdicts } from './verdicts';

// Issue 10, finding 1, closing the class: every header step from stored bytes to the page runs in
// time linear in its input. Limits are lifted here so that the algorithms themselves are
// measured, not the caps in front of them.

const UNCAPPED = { ...DEFAULT_LIMITS, maxHeaders: 1e9, maxHeaderBytes: 2 ** 30 };
const cases = <I>(list: Array<[string, (n: number) => I]>): LinearCase<I>[] => list.map(([name, make]) => ({ name, make }));

describe('header block (unfolding, field split)', () => {
  const block = (text: string) => Buffer.from(text, 'latin1');
  itRunsInLinearTime(
    'readHeaderBlock',
    [
      ...punctuationRuns((run) => block(`Subject: ${run}\r\nX: y\r\n\r\nbody`), 'in a field'),
      ...punctuationRuns((run) => block(`${run}\r\n\r\n`), 'as a line'),
      ...cases([
        ['one field folded over many lines', (n) => block(`Subject: ${repeatTo('a\r\n ', n)}\r\n\r\n`)],
        ['many fields', (n) => block(`${repeatTo('X-A: b\r\n', n)}\r\n`)],
        ['lines ended by bare CR', (n) => block(`${repeatTo('a: b\r', n)}\r\n\r\n`)],
        ['whitespace lines before any field', (n) => block(`${repeatTo(' \t\r\n', n)}\r\n`)],
        ['a very long line of 8-bit bytes', (n) => block(`Subject: ${'\xff\xe9'.repeat(n / 2)}\r\n\r\n`)],
        ['no empty line and no line break at all', (n) => block('a'.repeat(n))],
      ]),
    ],
    (buf: Buffer) => readHeaderBlock(buf, 0, buf.length, UNCAPPED),
  );
});

describe('encoded words (RFC 2047)', () => {
  itRunsInLinearTime(
    'decodeWords',
    [
      ...punctuationRuns((run) => `a ${run} b`, 'in plain text'),
      ...punctuationRuns((run) => `=?utf-8?q?${run}?= =?utf-8?b?${run}?=`, 'in encoded words'),
      ...cases([
        ['many adjacent words in one charset', (n) => repeatTo('=?utf-8?q?=C3=A9?= ', n)],
        ['many words alternating charsets', (n) => repeatTo('=?utf-8?q?a?= =?iso-8859-1?q?=E9?= ', n)],
        ['many base64 words', (n) => repeatTo('=?utf-8?B?5pel5pys6Kqe?=', n)],
        ['many unterminated word openings', (n) => repeatTo('=?utf-8?q?', n)],
        ['one word with a very long payload', (n) => `=?utf-8?q?${repeatTo('=3D', n)}?=`],
        ['one unterminated word with a very long payload', (n) => `=?utf-8?q?${repeatTo('=3D', n)}`],
        ['words separated by long whitespace', (n) => repeatTo(`=?utf-8?q?a?=${' '.repeat(50)}`, n)],
      ]),
    ],
    (value: string) => decodeWords(value),
  );
});

describe('structured values and RFC 2231 parameters', () => {
  itRunsInLinearTime(
    'parseStructured',
    [
      ...punctuationRuns((run) => `text/plain; name="${run}"; x=${run}`, 'in parameter values'),
      ...punctuationRuns((run) => `${run}/${run}; ${run}`, 'as type and parameter'),
      ...cases([
        ['many parameters', (n) => `text/plain${repeatTo('; a=b', n)}`],
        ['many distinct parameters', (n) => `text/plain${Array.from({ length: Math.ceil(n / 10) }, (_, i) => `; p${i}=v`).join('')}`],
        ['many RFC 2231 sections', (n) => `attachment${Array.from({ length: Math.ceil(n / 16) }, (_, i) => `; filename*${i}*=%41%42`).join('')}`],
        ['sections of distinct names', (n) => `attachment${Array.from({ length: Math.ceil(n / 16) }, (_, i) => `; f${i}*0*=utf-8''%41`).join('')}`],
        ['deeply nested comments', (n) => `text/plain; ${nested('(', ')', n)}`],
        ['an unclosed comment', (n) => `text/plain; ${'('.repeat(n)}`],
        ['nested quotes and escapes', (n) => `text/plain; name="${repeatTo('\\"\\\\', n)}"`],
        ['a long percent-encoded value', (n) => `attachment; filename*=utf-8''${repeatTo('%E2%80%AE', n)}`],
        ['a long charset and language', (n) => `attachment; filename*=${'a'.repeat(n)}'${'b'.repeat(n)}'x`],
        ['many keys with stars', (n) => `text/plain; ${'a*'.repeat(n / 2)}=b`],
      ]),
    ],
    (value: string) => parseStructured(value),
  );
  itRunsInLinearTime(
    'stripComments',
    [...punctuationRuns((run) => `a ${run} b`), ...cases([['deeply nested comments', (n) => nested('(', ')', n)]])],
    (value: string) => stripComments(value),
  );
});

describe('charsets', () => {
  const pattern = Buffer.from([0x41, 0xff, 0x80, 0x1b, 0x24, 0x42, 0xe3, 0x81, 0x82, 0x0a, 0x8e, 0xa1]);
  const bytes = (n: number) => Buffer.alloc(n, pattern);
  const labels = ['utf-8', 'us-ascii', 'windows-1252', 'iso-8859-2', 'shift_jis', 'euc-jp', 'iso-2022-jp', 'gb18030', 'big5', 'utf-16', 'utf-7', 'x-unknown'];
  itRunsInLinearTime(
    'decodeCharset',
    [
      ...labels.map((label) => ({ name: `mixed bytes as ${label}`, make: (n: number) => ({ buf: bytes(n), label }) })),
      ...punctuationRuns((run) => ({ buf: Buffer.from(run), label: 'iso-2022-jp' })),
      { name: 'a very long label', make: (n: number) => ({ buf: Buffer.from('abc'), label: `"${'utf-8*'.repeat(n / 6)}"` }) },
    ],
    ({ buf, label }: { buf: Buffer; label: string }) => decodeCharset(buf, label),
  );
  itRunsInLinearTime('decodeHeaderBytes', [{ name: 'mixed bytes', make: bytes }], (buf: Buffer) => decodeHeaderBytes(buf));
  itRunsInLinearTime('normalizeCharset', punctuationRuns((run) => `"${run}"`), (label: string) => normalizeCharset(label));
});

describe('message fields (addresses, subject, date, message id)', () => {
  const fields = (value: string) => ['From', 'To', 'Cc', 'Reply-To', 'Subject', 'Date', 'Message-ID'].map((name) => ({ name, value }));
  const run = (headers: HeaderLine[]) => {
    readFields(headers);
    displayHeaders(headers);
  };
  itRunsInLinearTime(
    'readFields + displayHeaders',
    [
      ...punctuationRuns((r) => fields(r), 'as every value'),
      ...punctuationRuns((r) => fields(`"a${r}" <b${r}@example.com> (${r})`), 'in name, address and comment'),
      ...cases([
        ['many addresses', (n) => fields(repeatTo('"A, B" <a@example.com>, ', n))],
        ['many groups', (n) => fields(`${repeatTo('g: a@b.example, ', n)}${repeatTo(';', n / 10)}`)],
        ['deeply nested comments', (n) => fields(nested('(', ')', n))],
        ['deeply nested angle brackets', (n) => fields(nested('<', '>', n))],
        ['nested quotes and escapes', (n) => fields(`"${repeatTo('\\"', n)}" <a@b.example>`)],
        ['many encoded words', (n) => fields(repeatTo('=?utf-8?q?=C3=A9?= ', n))],
        ['a date with a long comment', (n) => fields(`Mon, 1 Dec 2026 10:00:00 +0000 (${'x'.repeat(n)})`)],
        ['many unterminated message ids', (n) => fields(repeatTo('<a', n))],
      ]),
    ],
    run,
  );
});

describe('SES verdicts', () => {
  const block = (auth: string, received = 'from x by inbound-smtp.us-east-1.amazonaws.com with SMTP'): HeaderLine[] => [
    { name: 'Return-Path', value: '<a@b.example>' },
    { name: 'Received', value: received },
    { name: 'X-SES-Spam-Verdict', value: 'PASS' },
    { name: 'X-SES-Virus-Verdict', value: 'PASS' },
    { name: 'Received-SPF', value: `pass ${auth}` },
    { name: 'Authentication-Results', value: `amazonses.com; ${auth}` },
  ];
  itRunsInLinearTime(
    'readVerdicts',
    [
      ...punctuationRuns((run) => block(`spf=pass ${run}; dkim=${run}`), 'in the results'),
      ...punctuationRuns((run) => block('spf=pass', `from ${run} by inbound-smtp.${run}.amazonaws.com ${run}`), 'in Received'),
      ...cases([
        ['many results', (n) => block(repeatTo('dkim=pass header.i=@x; ', n))],
        ['deeply nested comments', (n) => block(`spf=pass ${nested('(', ')', n)}`)],
        ['quoted semicolons', (n) => block(repeatTo('x="a;b"; ', n))],
        ['a Received of many near misses', (n) => block('spf=pass', repeatTo('by inbound-smtp.a-b', n))],
      ]),
    ],
    (headers: HeaderLine[]) => readVerdicts(headers),
  );
});

describe('search', () => {
  const summary = (text: string, recipients = 1): MessageSummary => ({
    id: 'x',
    mailbox: 'm',
    from: { name: text, address: 'a@b.example' },
    to: Array.from({ length: recipients }, () => ({ name: text, address: 'c@d.example' })),
    subject: text,
    date: '2026-12-01T10:00:00.000Z',
    receivedAt: '2026-12-01T10:00:00.000Z',
    snippet: text.slice(0, 140),
    hasAttachments: false,
    size: 1,
    encrypted: true,
  });
  const query = parseQuery('-from:zzz subject:"a b" to:qq xyz before:2027-01-01 -has:attachment');
  itRunsInLinearTime(
    'matches',
    [
      ...punctuationRuns((run) => summary(run)),
      ...cases([
        ['many recipients', (n) => summary('Ab Cd', Math.ceil(n / 20))],
        ['combining marks', (n) => summary(repeatTo('e\u0301\u0302', n))],
        ['a near-miss phrase', (n) => summary(repeatTo('a ', n))],
      ]),
    ],
    (s: MessageSummary) => matches(s, query),
  );
  itRunsInLinearTime('normalizeForSearch', [...punctuationRuns((run) => run), { name: 'combining marks', make: (n) => repeatTo('e\u0301\u0302', n) }], (text: string) =>
    normalizeForSearch(text),
  );
  // parseQuery reads at most 1,000 characters: measured from 100 to 1,000.
  itRunsInLinearTime(
    'parseQuery',
    [
      ...punctuationRuns((run) => run),
      ...cases([
        ['many terms', (n) => repeatTo('-from:"a b" ', n)],
        ['unterminated quotes', (n) => repeatTo('"a ', n)],
        ['many field names', (n) => repeatTo('a:', n)],
      ]),
    ],
    // An unknown operator is refused (QueryError): the time to say so must stay linear too.
    (q: string) => {
      try {
        return parseQuery(q);
      } catch (err) {
        if (err instanceof QueryError) return null;
        throw err;
      }
    },
    { n: 100, maxN: 100, floorNs: 0 },
  );
});
