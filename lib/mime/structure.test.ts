import 'server-only';
import { describe, expect, it } from 'vitest';
import { resolveLimits } from './limits';
import { leaves, scanMime } from './structure';

const scan = (text: string) => {
  const buf = Buffer.from(text);
  return { buf, tree: scanMime(buf, { limits: resolveLimits() }) };
};

describe('scanMime', () => {
  it('numbers parts IMAP-style and gives exact body ranges', () => {
    const { buf, tree } = scan(
      'Content-Type: multipart/mixed; boundary=a\r\n\r\npreamble\r\n--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n' +
        '--a\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\nContent-Disposition: inline; filename=a.png\r\nContent-Transfer-Encoding: BASE64\r\n\r\niVBO\r\n--a--\r\nepilogue',
    );
    const parts = leaves(tree.root!);
    expect(parts.map((p) => [p.path, p.contentType, buf.subarray(p.bodyStart, p.bodyEnd).toString()])).toEqual([
      ['1.1', 'text/plain', 'plain'],
      ['1.2', 'text/html', '<p>html</p>'],
      ['2', 'image/png', 'iVBO'],
    ]);
    const img = parts[2]!;
    expect([img.contentId, img.disposition, img.filename, img.encoding]).toEqual(['img1', 'inline', 'a.png', 'base64']);
    expect(tree.root!.closed).toBe(true);
    expect(tree.partCount).toBe(5);
  });

  it('defaults: text/plain at the top, message/rfc822 inside multipart/digest, octet-stream for a typeless attachment', () => {
    expect(scan('Subject: x\r\n\r\nbody').tree.root!.contentType).toBe('text/plain');
    const digest = scan('Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: inner\r\n\r\nx\r\n--d--\r\n').tree;
    expect(leaves(digest.root!)[0]!.contentType).toBe('message/rfc822');
    const typeless = scan('Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Disposition: attachment\r\n\r\nx\r\n--m--').tree;
    expect(leaves(typeless.root!)[0]!.contentType).toBe('application/octet-stream');
  });

  it('treats a multipart without a usable boundary as empty rather than guessing', () => {
    for (const ct of ['multipart/mixed', 'multipart/mixed; boundary=""', 'multipart/mixed; boundary="bé"']) {
      const { tree } = scan(`Content-Type: ${ct}\r\n\r\n--bé\r\nContent-Type: text/plain\r\n\r\nx\r\n`);
      expect(tree.root!.children, ct).toEqual([]);
      expect(tree.tooComplex, ct).toBeUndefined();
    }
  });

  it('does not descend into message/rfc822', () => {
    const { tree } = scan(
      'Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n' +
        'Content-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n\r\ninner\r\n--i--\r\n--o--\r\n',
    );
    expect(leaves(tree.root!).map((p) => p.contentType)).toEqual(['message/rfc822']);
  });

  it('reports the closing delimiter only when seen, for truncated input', () => {
    const { tree } = scan('Content-Type: multipart/mixed; boundary=t\r\n\r\n--t\r\nContent-Type: text/plain\r\n\r\ncut here');
    expect(tree.root!.closed).toBe(false);
    expect(leaves(tree.root!)).toHaveLength(1);
    const cutHeader = scan('Content-Type: multipart/mixed; boundary=t\r\n\r\n--t\r\nContent-Type: image/pn').tree;
    expect(leaves(cutHeader.root!)[0]!.headerTruncated).toBe(true);
  });
});
