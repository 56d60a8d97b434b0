import { describe } from 'vitest';
import { extractAttachment, extractInlineByContentId } from './extract';
import { DEFAULT_LIMITS } from './limits';
import { parseMessage } from './parse';
import { scanMime } from './structure';
import { summaryFromHead } from './summary';
import { itRunsInLinearTime, punctuationRuns, repeatTo, type LinearCase } from './testing/linear';
import { decodeBase64, decodedSize, decodeQuotedPrintable, normalizeTransferEncoding } from './transfer-encoding';

// Issue 10, finding 1, closing the class: the body steps from stored bytes to the page (transfer
// encodings, the structure scan, the full parse with mailparser, attachment extraction, the inbox
// summary) run in time linear in their input. Counting limits are lifted where they would stop
// the work before the algorithm shows; size limits stay (the inputs are below them).

const UNCAPPED = { ...DEFAULT_LIMITS, maxHeaders: 1e9, maxHeaderBytes: 2 ** 30, maxParts: 1e9 };
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const cases = <I>(list: Array<[string, (n: number) => I]>): LinearCase<I>[] => list.map(([name, make]) => ({ name, make }));

function message(headers: string, body: string): Buffer {
  return latin1(`From: a@b.example\r\nTo: c@d.example\r\nSubject: s\r\n${headers}\r\n${body}`);
}

function multipart(boundary: string, parts: string[], type = 'mixed'): Buffer {
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
  return message(`Content-Type: multipart/${type}; boundary="${boundary}"\r\n`, body);
}

// Multiparts nested to the depth limit, the innermost holding `body`: every level scans its range.
function nestedMultiparts(depth: number, body: string): Buffer {
  let inner = `Content-Type: text/plain\r\n\r\n${body}`;
  for (let d = depth - 1; d >= 0; d--) inner = `Content-Type: multipart/mixed; boundary="b${d}"\r\n\r\n--b${d}\r\n${inner}\r\n--b${d}--`;
  return latin1(`Subject: s\r\n${inner}\r\n`);
}

describe('transfer encodings', () => {
  itRunsInLinearTime(
    'decodeQuotedPrintable',
    [
      ...punctuationRuns((run) => latin1(run)),
      ...cases([
        ['soft line breaks', (n) => latin1(repeatTo('=\r\n', n))],
        ['"=" followed by long whitespace', (n) => latin1(repeatTo(`=${' '.repeat(40)}x`, n))],
        ['escapes', (n) => latin1(repeatTo('=3D=C3=A9', n))],
        ['bad escapes', (n) => latin1(repeatTo('=ZZ=', n))],
      ]),
    ],
    (buf: Buffer) => decodeQuotedPrintable(buf),
  );
  itRunsInLinearTime(
    'decodeBase64',
    [
      ...punctuationRuns((run) => latin1(run)),
      ...cases([
        ['76-character lines', (n) => latin1(repeatTo(`${'QUJD'.repeat(19)}\r\n`, n))],
        ['padding everywhere', (n) => latin1(repeatTo('QQ==', n))],
      ]),
    ],
    (buf: Buffer) => decodeBase64(buf, true),
  );
  itRunsInLinearTime(
    'decodedSize',
    [
      ...punctuationRuns((run) => ({ buf: latin1(run), enc: 'base64' }), 'as base64'),
      ...punctuationRuns((run) => ({ buf: latin1(run), enc: 'quoted-printable' }), 'as quoted-printable'),
      { name: 'irregular base64 lines', make: (n: number) => ({ buf: latin1(repeatTo('QUJD\r\nQUJDQUJD\n', n)), enc: 'base64' }) },
    ],
    ({ buf, enc }: { buf: Buffer; enc: string }) => decodedSize(buf, enc),
  );
  itRunsInLinearTime(
    'normalizeTransferEncoding',
    [...punctuationRuns((run) => `base64 ${run}`), ...cases([['many comments', (n) => repeatTo('(a)', n)]])],
    (value: string) => normalizeTransferEncoding(value),
  );
});

describe('structure scan', () => {
  itRunsInLinearTime(
    'scanMime',
    [
      ...punctuationRuns((run) => message(`Content-Type: text/plain; x="${run}"\r\nContent-Transfer-Encoding: ${run}\r\n`, 'x'), 'in headers'),
      // The boundary is the run's character, and the body is full of lines almost like it.
      ...punctuationRuns((run) => multipart(run[0] ?? '-', [`Content-Type: text/plain\r\n\r\n${run}\r\n${run}`]), 'against its own boundary'),
      ...cases([
        ['many parts', (n) => multipart('b', Array.from({ length: Math.ceil(n / 40) }, () => 'Content-Type: text/plain\r\n\r\nx'))],
        ['many near-miss delimiter lines', (n) => multipart('b', [`Content-Type: text/plain\r\n\r\n${repeatTo('--bx\r\n--b \t x\r\n', n)}`])],
        ['nesting at the depth limit', (n) => nestedMultiparts(DEFAULT_LIMITS.maxDepth, repeatTo('--b1x\r\n', n))],
        ['nesting past the depth limit', (n) => nestedMultiparts(Math.ceil(n / 60), 'x')],
        ['a very long header line', (n) => message(`Content-Type: text/plain; name="${'a'.repeat(n)}"\r\n`, 'x')],
      ]),
    ],
    (buf: Buffer) => scanMime(buf, { limits: UNCAPPED }),
  );
});

const png = (i: number) => `Content-Type: image/png; name=a${i}.png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K`;

describe('full parse (mailparser)', () => {
  const text = (body: string, extra = '') => message(`Content-Type: text/plain; charset=utf-8${extra}\r\n`, body);
  itRunsInLinearTime(
    'parseMessage',
    [
      ...punctuationRuns((run) => text(`see https://example.org/a${run} end`), 'in a text body'),
      // Text next to HTML in multipart/mixed: mailparser turns the text into HTML and links it.
      ...punctuationRuns(
        (run) => multipart('b', ['Content-Type: text/html\r\n\r\n<p>hi</p>', `Content-Type: text/plain\r\n\r\nhttps://example.org/a${run}`]),
        'in text mailparser links',
      ),
      ...cases([
        ['a quoted-printable body', (n) => text(repeatTo('=C3=A9=\r\n', n), '\r\nContent-Transfer-Encoding: quoted-printable')],
        ['a base64 body', (n) => text(repeatTo(`${'w6k'.repeat(25)}K\r\n`, n), '\r\nContent-Transfer-Encoding: base64')],
        ['format=flowed with long lines', (n) => text(repeatTo(`${'word '.repeat(200)}\r\n`, n), '; format=flowed; delsp=yes')],
        ['format=flowed with many quote levels', (n) => text(repeatTo(`${'>'.repeat(50)} a \r\n`, n), '; format=flowed')],
        ['an iso-2022-jp body', (n) => message('Content-Type: text/plain; charset=iso-2022-jp\r\n', repeatTo('\x1b$B$3$s\x1b(B a ', n))],
        ['many text parts', (n) => multipart('b', Array.from({ length: Math.ceil(n / 40) }, () => 'Content-Type: text/plain\r\n\r\nhello'))],
        ['nesting at the depth limit', (n) => nestedMultiparts(DEFAULT_LIMITS.maxDepth, repeatTo('line\r\n', n))],
        ['many attachments', (n) => multipart('b', Array.from({ length: Math.ceil(n / 80) }, (_, i) => png(i)))],
      ]),
    ],
    (buf: Buffer) => parseMessage(buf, { limits: { maxParts: 1e9 } }),
    // mailparser streams its input; a run costs several milliseconds before it is measurable.
    { minMs: 5 },
  );
});

describe('attachment extraction', () => {
  const attachment = (body: string, enc: string) =>
    multipart('b', ['Content-Type: text/plain\r\n\r\nx', `Content-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: ${enc}\r\n\r\n${body}`]);
  itRunsInLinearTime(
    'extractAttachment',
    [
      ...punctuationRuns((run) => attachment(run, 'base64'), 'as base64'),
      ...punctuationRuns((run) => attachment(run, 'quoted-printable'), 'as quoted-printable'),
      ...cases([['many parts before it', (n) => multipart('b', Array.from({ length: Math.ceil(n / 50) }, (_, i) => `Content-Type: image/png; name=a${i}.png\r\n\r\nx`))]]),
    ],
    (buf: Buffer) => extractAttachment(buf, 0, { limits: { maxParts: 1e9 } }),
  );
  const inline = (cid: string) => multipart('b', [`Content-Type: image/png\r\nContent-ID: <${cid}>\r\n\r\nx`], 'related');
  itRunsInLinearTime(
    'extractInlineByContentId',
    punctuationRuns((run) => ({ raw: inline(run), cid: run })),
    ({ raw, cid }: { raw: Buffer; cid: string }) => extractInlineByContentId(raw, cid),
  );
});

describe('inbox summary from the first bytes', () => {
  // Listing reads a cut-off head: `complete: false` takes the paths for cut input.
  const head = (headers: string, body: string) => message(headers, body);
  itRunsInLinearTime(
    'summaryFromHead',
    [
      ...punctuationRuns((run) => head(`Subject: ${run}\r\nDate: ${run}\r\nX: ${run}\r\n`, 'x'), 'in headers'),
      ...punctuationRuns((run) => head('Content-Type: text/plain\r\n', run), 'in a text body'),
      ...punctuationRuns((run) => head('Content-Type: text/html\r\n', `<p>${run}</p>`), 'in an HTML body'),
      ...cases([
        ['a body of invalid UTF-8 cut off at the end', (n) => head('Content-Type: text/plain; charset=utf-8\r\n', `${'\xff'.repeat(n)}a\xe2\x82`)],
        ['an HTML body of unclosed <br', (n) => head('Content-Type: text/html\r\n', repeatTo('<br', n))],
        ['an HTML body of unclosed comments', (n) => head('Content-Type: text/html\r\n', repeatTo('<!--', n))],
        ['many parts', (n) => multipart('b', Array.from({ length: Math.ceil(n / 40) }, () => 'Content-Type: text/plain\r\n\r\nx'))],
      ]),
    ],
    (buf: Buffer) => summaryFromHead(buf, { complete: false, limits: { maxParts: 1e9 } }),
    // The snippet reads at most 64 KiB of body text: measured below that, so the growth shows.
    { maxN: 6000 },
  );
});
