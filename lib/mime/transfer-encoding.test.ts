import 'server-only';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeQuotedPrintable, decodedSize } from './transfer-encoding';

describe('transfer encodings', () => {
  it('decodes quoted-printable with soft breaks and tolerates junk and truncation', () => {
    const qp = (s: string) => decodeQuotedPrintable(Buffer.from(s, 'latin1')).toString('latin1');
    expect(qp('caf=E9 =\r\nsoft=\nbreak')).toBe('café softbreak');
    expect(qp('a=ZZb')).toBe('a=ZZb');
    expect(qp('a= \t\r\nb')).toBe('ab');
    expect(qp('cut=')).toBe('cut');
    expect(qp('cut=4')).toBe('cut');
  });

  it('decodes base64 across lines and drops an incomplete last quantum when truncated', () => {
    expect(decodeBase64(Buffer.from('aGVs\r\nbG8=')).toString()).toBe('hello');
    expect(decodeBase64(Buffer.from('aGVsbG8gd29y'), true).toString()).toBe('hello wor');
    expect(decodeBase64(Buffer.from('aGVsbG8gd2'), true).toString()).toBe('hello ');
  });

  it('sizes bodies without decoding them', () => {
    const data = Buffer.from('the quick brown fox jumps over the lazy dog, twice over');
    for (let n = 0; n <= data.length; n++) {
      const b64 = Buffer.from(data.subarray(0, n).toString('base64').replace(/.{8}/g, '$&\r\n'));
      expect(decodedSize(b64, 'base64')).toBe(n);
    }
    const large = Buffer.alloc(300_000, 7);
    const regular = Buffer.from(large.toString('base64').replace(/.{76}/g, '$&\r\n'));
    expect(decodedSize(regular, 'base64')).toBe(large.length);
    const lfOnly = Buffer.from(large.toString('base64').replace(/.{64}/g, '$&\n'));
    expect(decodedSize(lfOnly, 'base64')).toBe(large.length);
    const irregular = Buffer.from(large.toString('base64').replace(/.{76}/g, (line, at: number) => (at % 7 === 0 ? `${line} \r\n` : `${line}\n`)));
    expect(decodedSize(irregular, 'base64')).toBe(large.length);
    expect(decodedSize(Buffer.from('caf=E9=\r\n!'), 'quoted-printable')).toBe(5);
    expect(decodedSize(Buffer.from('raw bytes'), '8bit')).toBe(9);
  });
});
