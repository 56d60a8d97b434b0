import 'server-only';
import { describe, expect, it } from 'vitest';
import { extractAttachment } from './extract';
import { parseMessage } from './parse';
import { summaryFromHead } from './summary';

// MIME bombs: each must come back as tooComplex (with the top-level headers) in well under a
// second, never as a hang, a crash or an out-of-memory.

const head = 'From: Mallory <m@evil.example>\r\nSubject: bomb\r\n';

// CPU time of this test process, not wall time: other test files and processes share the
// machine, and a bomb is about the work it makes us do.
function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.cpuUsage();
  return fn().then((value) => {
    const used = process.cpuUsage(start);
    return { value, ms: (used.user + used.system) / 1000 };
  });
}

function nested(levels: number, sameBoundary: boolean): Buffer {
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    const b = sameBoundary ? 'b' : `b${i}`;
    open += `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n`;
    close = `\r\n--${b}--\r\n` + close;
  }
  return Buffer.from(head + open + 'Content-Type: text/plain\r\n\r\nhi' + close);
}

describe('limits', () => {
  it('stops 1000 levels of multipart nesting', async () => {
    const raw = nested(1000, false);
    const { value: m, ms } = await timed(() => parseMessage(raw));
    expect(m.tooComplex).toMatch(/nested deeper than 20/);
    expect(m.subject).toBe('bomb');
    expect(m.from?.address).toBe('m@evil.example');
    expect(m.html).toBeNull();
    expect(m.attachments).toEqual([]);
    expect(ms).toBeLessThan(1000);
    expect(await extractAttachment(raw, 0)).toBeNull();
  });

  it('stops nesting that reuses one boundary at every level', async () => {
    const { value: m, ms } = await timed(() => parseMessage(nested(1000, true)));
    expect(m.subject).toBe('bomb');
    expect(ms).toBeLessThan(1000);
  });

  it('accepts nesting up to the limit', async () => {
    const m = await parseMessage(nested(19, false));
    expect(m.tooComplex).toBeUndefined();
    expect(m.text).toBe('hi');
  });

  it('stops 50,000 tiny parts', async () => {
    const parts = Array.from({ length: 50_000 }, () => '--x\r\nContent-Type: application/octet-stream\r\n\r\nA\r\n').join('');
    const raw = Buffer.from(`${head}Content-Type: multipart/mixed; boundary=x\r\n\r\n${parts}--x--\r\n`);
    const { value: m, ms } = await timed(() => parseMessage(raw));
    expect(m.tooComplex).toMatch(/more than 500 MIME parts/);
    expect(m.subject).toBe('bomb');
    expect(ms).toBeLessThan(1000);
  });

  it('stops a message above the size limit without reading its body', async () => {
    const raw = Buffer.concat([Buffer.from(`${head}Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n`), Buffer.alloc(70 * 1024 * 1024, 0x41)]);
    const { value: m, ms } = await timed(() => parseMessage(raw));
    expect(m.tooComplex).toMatch(/larger than/);
    expect(m.subject).toBe('bomb');
    expect(ms).toBeLessThan(1000);
  });

  it('stops a huge base64 text body before decoding it', async () => {
    const body = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const raw = Buffer.concat([Buffer.from(`${head}Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n`), body]);
    const { value: m, ms } = await timed(() => parseMessage(raw));
    expect(m.tooComplex).toMatch(/text is larger than/);
    expect(ms).toBeLessThan(1000);
  });

  it('stops a header flood but keeps the headers before it', async () => {
    const flood = Array.from({ length: 5000 }, (_, i) => `X-Junk-${i}: ${i}`).join('\r\n');
    const { value: m, ms } = await timed(() => parseMessage(Buffer.from(`${head}${flood}\r\n\r\nbody`)));
    expect(m.tooComplex).toMatch(/more than 2000 header fields/);
    expect(m.subject).toBe('bomb');
    expect(m.headers).toHaveLength(2000);
    expect(ms).toBeLessThan(1000);
  });

  it('stops one enormous folded header', async () => {
    const folded = `X-Long: ${'a'.repeat(70)}\r\n ${`${'a'.repeat(70)}\r\n `.repeat(20_000)}end\r\n`;
    const m = await parseMessage(Buffer.from(`${head}${folded}\r\nbody`));
    expect(m.tooComplex).toMatch(/header block is larger than/);
    expect(m.subject).toBe('bomb');
  });

  it('stops a part header block that never ends', async () => {
    const m = await parseMessage(Buffer.from(`${head}Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n${'X: y\r\n'.repeat(3000)}`));
    expect(m.tooComplex).toMatch(/header fields/);
  });

  it('stays linear on many lines that look almost like delimiters', async () => {
    const lines = '--abcX\r\n'.repeat(1_000_000);
    const raw = Buffer.from(`${head}Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\nContent-Type: text/plain\r\n\r\n${lines}--abc--\r\n`);
    const { value: m, ms } = await timed(() => parseMessage(raw));
    expect(m.tooComplex).toBeUndefined();
    expect(m.text?.length).toBe(7_000_000 - 1);
    expect(ms).toBeLessThan(4000);
  });

  it('gives up when the time budget is spent', async () => {
    const m = await parseMessage(nested(5, false), { limits: { timeoutMs: 0 } });
    expect(m.tooComplex).toBe('parsing took too long');
    expect(m.subject).toBe('bomb');
  });

  it('never throws from summaryFromHead on the same bombs', () => {
    for (const raw of [nested(1000, false), nested(1000, true)]) {
      const s = summaryFromHead(raw, { complete: true });
      expect(s.subject).toBe('bomb');
    }
  });
});
