import 'server-only';
import { describe, expect, it } from 'vitest';
import { decodeCharset } from './charset';
import { decodeWords } from './encoded-words';
import { readHeaderBlock } from './header-block';
import { parseStructured, stripComments } from './header-params';
import { parseAddresses, parseMailDate } from './message-fields';

const limits = { maxHeaders: 100, maxHeaderBytes: 4096 };

describe('decodeWords (RFC 2047)', () => {
  it('decodes B and Q words in many charsets', () => {
    expect(decodeWords('=?UTF-8?B?8J+OiQ==?= party')).toBe('🎉 party');
    expect(decodeWords('=?iso-8859-1?q?J=FCrgen_M=FCller?=')).toBe('Jürgen Müller');
    expect(decodeWords('=?ISO-2022-JP?B?GyRCMnE1RBsoQg==?=')).toBe('会議');
    expect(decodeWords('=?shift_jis?B?k/qWe4zq?=')).toBe('日本語');
    expect(decodeWords('=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=')).toBe('Привет');
    expect(decodeWords('=?utf-8*en?Q?hello?=')).toBe('hello');
  });

  it('joins adjacent words before decoding, so a character split between them survives', () => {
    expect(decodeWords('=?UTF-8?B?8J8=?= =?UTF-8?B?jok=?=')).toBe('🎉');
    expect(decodeWords('=?UTF-8?Q?=E2=80?=\r\n =?UTF-8?Q?=94?=')).toBe('—');
    expect(decodeWords('=?UTF-8?Q?a?= b =?UTF-8?Q?c?=')).toBe('a b c');
  });

  it('leaves malformed or cut-off words as they are and never throws', () => {
    expect(decodeWords('=?UTF-8?B?8J+OiQ')).toBe('=?UTF-8?B?8J+OiQ');
    expect(decodeWords('=?UTF-8?X?abc?=')).toBe('=?UTF-8?X?abc?=');
    expect(decodeWords('=?no-such-charset?Q?caf=C3=A9?=')).toBe('café');
    expect(decodeWords('=?utf-7?Q?+ADw-script+AD4-?=')).toBe('+ADw-script+AD4-');
    expect(decodeWords('plain text')).toBe('plain text');
  });
});

describe('decodeCharset', () => {
  it('falls back from mislabelled ASCII to UTF-8, then Windows-1252', () => {
    expect(decodeCharset(Buffer.from('café'), 'us-ascii')).toBe('café');
    expect(decodeCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'us-ascii')).toBe('café');
    expect(decodeCharset(Buffer.from([0x93, 0x94]), 'x-unknown-thing')).toBe('“”');
    expect(decodeCharset(Buffer.from([0x82, 0xa0]), 'cp932')).toBe('あ');
    expect(decodeCharset(Buffer.from('abc'), 'iso-2022-kr')).toBe('abc');
    expect(decodeCharset(Buffer.from([0x80, 0x96, 0xe9]), 'iso-8859-1')).toBe('€–é');
    expect(decodeCharset(Buffer.from([0x80]), 'windows-1252')).toBe('€');
  });
});

describe('readHeaderBlock', () => {
  it('unfolds, keeps order and finds the body after CRLF or LF blank lines', () => {
    const buf = Buffer.from('Subject: one\r\n two\r\nX-A: 1\r\nX-A: 2\r\n\r\nbody');
    const block = readHeaderBlock(buf, 0, buf.length, limits);
    expect(block.headers).toEqual([
      { name: 'Subject', value: 'one two' },
      { name: 'X-A', value: '1' },
      { name: 'X-A', value: '2' },
    ]);
    expect(buf.subarray(block.bodyStart).toString()).toBe('body');
    expect(block.terminated).toBe(true);
    const lf = Buffer.from('A: 1\n\nb');
    expect(readHeaderBlock(lf, 0, lf.length, limits).bodyStart).toBe(6);
  });

  it('reads raw UTF-8 header bytes (RFC 6532) and Latin-1 otherwise', () => {
    const utf8 = Buffer.from('Subject: café ✓\r\n\r\n');
    expect(readHeaderBlock(utf8, 0, utf8.length, limits).headers[0]?.value).toBe('café ✓');
    const latin = Buffer.concat([Buffer.from('Subject: caf'), Buffer.from([0xe9]), Buffer.from('\r\n\r\n')]);
    expect(readHeaderBlock(latin, 0, latin.length, limits).headers[0]?.value).toBe('café');
  });

  it('skips lines that are not fields and reports an unterminated block', () => {
    const buf = Buffer.from('From nobody Mon Jan 1\r\nnot a header\r\nSubject: x\r\nDate: cut');
    const block = readHeaderBlock(buf, 0, buf.length, limits);
    expect(block.headers.map((h) => h.name)).toEqual(['Subject', 'Date']);
    expect(block.terminated).toBe(false);
  });
});

describe('parseStructured', () => {
  it('reads parameters with quotes, comments and RFC 2231 continuations', () => {
    const ct = parseStructured('Multipart/Mixed (comment); boundary="b;1" (another); charset=utf-8');
    expect(ct.value).toBe('multipart/mixed');
    expect(ct.params.get('boundary')).toBe('b;1');
    const cd = parseStructured("attachment; filename*0*=utf-8''%E8%AB%8B%E6%B1%82; filename*1*=%E6%9B%B8.pdf; filename=fallback.pdf");
    expect(cd.params.get('filename')).toBe('請求書.pdf');
    expect(parseStructured('attachment; filename="=?utf-8?B?5pel5pys?=.txt"').params.get('filename')).toBe('日本.txt');
    // An RFC 2231 value is decoded once, never again as an encoded word.
    expect(parseStructured("attachment; filename*=utf-8''%3D%3Futf-8%3FQ%3Fa%3F%3D").params.get('filename')).toBe('=?utf-8?Q?a?=');
    expect(parseStructured('inline; name="a\\"b"').params.get('name')).toBe('a"b');
  });

  it('strips nested comments outside quoted strings only', () => {
    expect(stripComments('a (b (c) d) e "(kept)"')).toBe('a  e "(kept)"');
  });
});

describe('addresses and dates', () => {
  it('parses display names, groups and encoded words', () => {
    expect(parseAddresses('"Doe, Jane" <jane@example.com>, =?utf-8?Q?J=C3=BCrgen?= <j@example.de>')).toEqual([
      { name: 'Doe, Jane', address: 'jane@example.com' },
      { name: 'Jürgen', address: 'j@example.de' },
    ]);
    expect(parseAddresses('Team: a@example.com, b@example.com;')).toEqual([
      { name: '', address: 'a@example.com' },
      { name: '', address: 'b@example.com' },
    ]);
    expect(parseAddresses('')).toEqual([]);
    expect(() => parseAddresses('<<<>>> "unclosed')).not.toThrow();
  });

  it('turns RFC 5322 dates into ISO 8601 and rejects nonsense', () => {
    expect(parseMailDate('Tue, 1 Jul 2025 11:29:58 +0200 (CEST)')).toBe('2025-07-01T09:29:58.000Z');
    expect(parseMailDate('1 Jul 2025 09:00:00 GMT')).toBe('2025-07-01T09:00:00.000Z');
    expect(parseMailDate('not a date')).toBeNull();
    expect(parseMailDate(null)).toBeNull();
  });
});
