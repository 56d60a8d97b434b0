import 'server-only';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse';
import { summaryFromHead } from './summary';

const dir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.eml'));
const read = (name: string): Buffer => readFileSync(new URL(name, dir));

function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf + 2;
  return lf < 0 || crlf < lf ? crlf + 4 : lf + 2;
}

describe('summaryFromHead on whole messages', () => {
  it('agrees with parseMessage on every fixture', async () => {
    for (const name of fixtures) {
      const raw = read(name);
      const s = summaryFromHead(raw, { complete: true });
      const m = await parseMessage(raw);
      expect(s.subject, name).toBe(m.subject);
      expect(s.from, name).toEqual(m.from);
      expect(s.to, name).toEqual(m.to);
      expect(s.date, name).toBe(m.date);
      expect(s.snippet.length, name).toBeGreaterThan(0);
      expect(s.snippet.length, name).toBeLessThanOrEqual(140);
    }
  });

  it('writes snippets from text, or from HTML without its head, styles and hidden padding', () => {
    expect(summaryFromHead(read('plain.eml'), { complete: true }).snippet).toMatch(/^Hi all, The quarterly numbers are in\. Revenue is up 12%/);
    expect(summaryFromHead(read('html-only.eml'), { complete: true }).snippet).toBe(
      'Your weekly digest is here Café news — week 27 Fresh croissants every morning. Read more on our site.',
    );
    expect(summaryFromHead(read('japanese.eml'), { complete: true }).snippet).toBe('山田です。 本日の会議の議事録を共有します。 ご確認をお願いいたします。');
    expect(summaryFromHead(read('base64-text.eml'), { complete: true }).snippet).toMatch(/^Здравствуйте! Отчёт за июнь/);
  });

  it('flags attachments but not inline images', () => {
    expect(summaryFromHead(read('attachments.eml'), { complete: true }).hasAttachments).toBe(true);
    expect(summaryFromHead(read('plain.eml'), { complete: true }).hasAttachments).toBe(false);
    const related = Buffer.from(
      'Content-Type: multipart/related; boundary=r\r\n\r\n--r\r\nContent-Type: text/html\r\n\r\n<img src="cid:a">\r\n' +
        '--r\r\nContent-Type: image/png\r\nContent-ID: <a>\r\n\r\nxx\r\n--r--\r\n',
    );
    expect(summaryFromHead(related, { complete: true }).hasAttachments).toBe(false);
  });

  it('takes a multipart/mixed cut before its end as a hint of attachments', () => {
    const raw = read('attachments.eml');
    const cut = raw.indexOf('--mixed-0001\r\nContent-Type: application/pdf');
    expect(summaryFromHead(raw.subarray(0, cut), { complete: false }).hasAttachments).toBe(true);
  });
});

describe('summaryFromHead on a head cut at every byte', () => {
  for (const name of fixtures) {
    it(`${name}: never throws, never shows a half field, matches the full parse once past the headers`, () => {
      const raw = read(name);
      const full = summaryFromHead(raw, { complete: true });
      const end = headerEnd(raw);
      const limit = Math.min(raw.length, 4096);
      for (let cut = 0; cut <= limit; cut++) {
        const s = summaryFromHead(raw.subarray(0, cut), { complete: cut === raw.length });
        const at = `${name} cut at ${cut}`;
        if (cut >= end) {
          expect(s.subject, at).toBe(full.subject);
          expect(s.from, at).toEqual(full.from);
          expect(s.to, at).toEqual(full.to);
          expect(s.date, at).toBe(full.date);
        } else {
          expect([full.subject, ''], at).toContain(s.subject);
          expect([JSON.stringify(full.from), 'null'], at).toContain(JSON.stringify(s.from));
          expect([full.date, null], at).toContain(s.date);
          expect(s.snippet, at).toBe('');
        }
        expect(s.snippet, at).not.toContain('\ufffd');
        expect(s.snippet.length, at).toBeLessThanOrEqual(140);
        const fullStart = full.snippet.slice(0, Math.max(0, s.snippet.length - 8));
        expect(s.snippet.startsWith(fullStart) || s.snippet === '', at).toBe(true);
      }
    });
  }
});
