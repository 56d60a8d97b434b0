import { simpleParser, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusCatalog, generateCorpus, integrationSet, sesMessageId, type CorpusMessage } from './generate';

const baseDate = new Date('2026-11-02T10:00:00Z');
const beacon = 'http://beacon.test:8123';
const opts = { baseDate, beaconOrigin: beacon };

const expectedAttachments: Record<string, number> = {
  'attachment-pdf-invoice': 1,
  'attachment-png-image': 1,
  'attachment-zip-archive': 1,
  'attachment-txt-csv': 2,
  'attachments-mixed': 5,
  'attachment-non-ascii-filenames': 3,
  'attachment-rfc2231-continuation': 1,
  'attachment-hostile-filenames': 7,
  'attachment-no-filename': 1,
  'inline-cid-images': 2,
  'inline-cid-with-attachment': 2,
  'forward-attached-eml': 1,
  'bounce-dsn': 1,
  'calendar-invite': 2,
  'hostile-svg-attachment': 2,
  'hostile-html-attachment': 3,
  'hostile-cid-tricks': 1,
  'newsletter-amp': 1,
  'verdict-virus-fail': 1,
  'large-attachment-15mb': 1,
};

const MAGIC: Record<string, { type: string; magic: Buffer }> = {
  pdf: { type: 'application/pdf', magic: Buffer.from('%PDF-') },
  png: { type: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  zip: { type: 'application/zip', magic: Buffer.from('PK\x03\x04', 'latin1') },
};

/** Every absolute or protocol-relative URL a renderer could fetch without a click. */
function resourceUrls(markup: string): string[] {
  const urls: string[] = [];
  const attr = /\b(?:src|background|poster|lowsrc|dynsrc|data|action|formaction|codebase|value)\s*=\s*["']?([^"'\s>]+)/gi;
  for (const match of markup.matchAll(attr)) urls.push(match[1] ?? '');
  for (const match of markup.matchAll(/url\(\s*['"]?([^'")\s]+)/gi)) urls.push(match[1] ?? '');
  for (const match of markup.matchAll(/@import\s+['"]([^'"]+)/gi)) urls.push(match[1] ?? '');
  for (const match of markup.matchAll(/srcset\s*=\s*["']([^"']+)/gi)) urls.push(...(match[1] ?? '').split(',').map((s) => s.trim().split(/\s+/)[0] ?? ''));
  for (const match of markup.matchAll(/<(?:link|base)\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi)) urls.push(match[1] ?? '');
  for (const match of markup.matchAll(/content\s*=\s*["'][^"']*url=([^"']+)/gi)) urls.push(match[1] ?? '');
  return urls.filter((u) => /^(https?:)?\/\//i.test(u));
}

function headerLines(eml: Buffer): string[] {
  const end = eml.indexOf('\r\n\r\n');
  return eml.subarray(0, end).toString('utf8').split('\r\n');
}

describe('corpus', () => {
  let corpus: CorpusMessage[];
  let parsed: Map<string, ParsedMail>;
  let elapsed: number;

  beforeAll(async () => {
    const started = performance.now();
    corpus = generateCorpus(opts);
    elapsed = performance.now() - started;
    parsed = new Map();
    for (const msg of corpus) parsed.set(msg.name, await simpleParser(msg.eml, { keepCidLinks: true }));
  }, 120_000);

  it('has about a hundred uniquely named messages, quickly', () => {
    console.log(`corpus: ${corpus.length} messages in ${elapsed.toFixed(0)} ms`);
    expect(corpus.length).toBeGreaterThanOrEqual(95);
    expect(new Set(corpus.map((m) => m.name)).size).toBe(corpus.length);
    expect(new Set(corpus.map((m) => m.sesId)).size).toBe(corpus.length);
    expect(corpusCatalog().map((c) => c.name)).toEqual(corpus.map((m) => m.name));
    expect(elapsed).toBeLessThan(4000);
  });

  it('is byte-identical when generated again', () => {
    const again = generateCorpus(opts);
    expect(again.map((m) => m.name)).toEqual(corpus.map((m) => m.name));
    again.forEach((m, i) => {
      expect(m.eml.equals(corpus[i]?.eml ?? Buffer.alloc(0)), m.name).toBe(true);
      expect(m.receivedAt.getTime()).toBe(corpus[i]?.receivedAt.getTime());
    });
  });

  it('shapes SES ids like SES', () => {
    expect(sesMessageId('x')).toBe(sesMessageId('x'));
    for (const m of corpus) expect(m.sesId).toMatch(/^[0-9a-v]{25}[048cgkos]00$/);
  });

  it('uses CRLF only, short lines, and SES headers on top', () => {
    for (const m of corpus) {
      const text = m.eml.toString('latin1');
      expect(/[^\r]\n/.test(text) || /\r[^\n]/.test(text), `${m.name}: bare CR or LF`).toBe(false);
      expect(text.endsWith('\r\n'), m.name).toBe(true);
      expect(text.split('\r\n').every((l) => l.length <= 998), `${m.name}: line over 998`).toBe(true);
      const lines = headerLines(m.eml);
      expect(lines[0], m.name).toMatch(/^Return-Path: <.*>$/);
      expect(lines[1], m.name).toMatch(/^Received: from (\S+) \(\1 \[(\d+\.){3}\d+\]\)$/);
      expect(lines[2], m.name).toContain(`by inbound-smtp.us-east-1.amazonaws.com with SMTP id ${m.sesId}`);
      const names = lines.filter((l) => !/^\s/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
      expect(names.slice(0, 8), m.name).toEqual([
        'Return-Path', 'Received', 'X-SES-Spam-Verdict', 'X-SES-Virus-Verdict', 'Received-SPF',
        'Authentication-Results', 'X-SES-RECEIPT', 'X-SES-DKIM-SIGNATURE',
      ]);
    }
  });

  it('puts SES verdicts where the tags say', () => {
    for (const m of corpus) {
      const lines = headerLines(m.eml);
      const spam = lines.find((l) => l.startsWith('X-SES-Spam-Verdict:'));
      const virus = lines.find((l) => l.startsWith('X-SES-Virus-Verdict:'));
      const spamWant = m.tags.includes('spam-fail') ? 'FAIL' : m.tags.includes('spam-gray') ? 'GRAY' : m.tags.includes('verdict-processing-failed') ? 'PROCESSING_FAILED' : 'PASS';
      const virusWant = m.tags.includes('virus-fail') ? 'FAIL' : m.tags.includes('verdict-processing-failed') ? 'PROCESSING_FAILED' : 'PASS';
      expect(spam, m.name).toBe(`X-SES-Spam-Verdict: ${spamWant}`);
      expect(virus, m.name).toBe(`X-SES-Virus-Verdict: ${virusWant}`);
    }
    const forged = headerLines(corpus.find((m) => m.name === 'verdict-forged-pass')?.eml ?? Buffer.alloc(0));
    expect(forged.filter((l) => l.startsWith('X-SES-Spam-Verdict:'))).toEqual(['X-SES-Spam-Verdict: FAIL', 'X-SES-Spam-Verdict: PASS']);
    expect(forged.filter((l) => l.startsWith('Authentication-Results:'))).toHaveLength(2);
  });

  it('parses: subject, from, a Date just before receipt', () => {
    for (const m of corpus) {
      const p = parsed.get(m.name);
      if (!m.tags.includes('no-subject')) expect(p?.subject?.trim(), m.name).toBeTruthy();
      expect(p?.from?.value[0]?.address, m.name).toMatch(/^[^@\s]+@[a-z0-9.-]+\.(com|org|net)$/);
      const lag = m.receivedAt.getTime() - (p?.date?.getTime() ?? 0);
      expect(lag, m.name).toBeGreaterThan(0);
      expect(lag, m.name).toBeLessThanOrEqual(90_000);
      const age = baseDate.getTime() - m.receivedAt.getTime();
      expect(age, m.name).toBeGreaterThan(0);
      expect(age, m.name).toBeLessThan(61 * 86400_000);
    }
  });

  it('decodes non-ASCII headers', () => {
    expect(parsed.get('i18n-japanese-subject')?.subject).toBe('日本語の件名');
    expect(parsed.get('i18n-japanese-subject')?.from?.value[0]?.name).toBe('山田 健二');
    expect(parsed.get('i18n-iso-2022-jp')?.text).toContain('会議室');
    expect(parsed.get('i18n-shift-jis')?.subject).toBe('経費精算の締め切り');
    expect(parsed.get('i18n-emoji-subject')?.subject).toBe('🎉 Party on Friday! 🎂🥳');
    expect(parsed.get('i18n-mixed-encoded-words')?.subject).toBe('Re: Caféとケーキ and crème brûlée🎉plain tail');
    expect(parsed.get('plain-windows-1252')?.text).toContain('“version finale” – 1 250 €');
    expect(parsed.get('hostile-headers')?.subject).toBe('<script>alert(1)</script>');
    expect(parsed.get('hostile-headers')?.from?.value[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });

  it('carries the expected attachments, with real file bytes', () => {
    for (const m of corpus) {
      const attachments = parsed.get(m.name)?.attachments ?? [];
      expect(attachments.length, m.name).toBe(expectedAttachments[m.name] ?? 0);
      for (const [tag, { type, magic }] of Object.entries(MAGIC)) {
        if (!m.tags.includes(tag)) continue;
        const files = attachments.filter((a) => a.contentType === type);
        expect(files.length, `${m.name} ${tag}`).toBeGreaterThan(0);
        for (const f of files) expect(f.content.subarray(0, magic.length).equals(magic), `${m.name} ${f.filename}`).toBe(true);
      }
    }
    const hostile = parsed.get('attachment-hostile-filenames')?.attachments.map((a) => a.filename);
    expect(hostile).toContain('../../etc/passwd');
    expect(hostile).toContain('invoice.pdf.exe');
    expect(hostile?.some((n) => n?.includes('\r\n'))).toBe(true);
    const names = parsed.get('attachment-non-ascii-filenames')?.attachments.map((a) => a.filename);
    expect(names).toEqual(['請求書_2026年10月.pdf', 'Résumé – Zoë.txt', 'фото.png']);
  });

  it('has a part for every cid: image the HTML shows', () => {
    for (const m of corpus.filter((c) => c.tags.includes('cid') && c.name !== 'hostile-cid-tricks')) {
      const p = parsed.get(m.name);
      const refs = [...(typeof p?.html === 'string' ? p.html : '').matchAll(/cid:([^"'\s>]+)/g)].map((r) => r[1]);
      expect(refs.length, m.name).toBeGreaterThan(0);
      const cids = new Set(p?.attachments.map((a) => a.cid));
      for (const ref of refs) expect(cids.has(ref), `${m.name}: ${ref}`).toBe(true);
    }
  });

  it('points every remote resource at the beacon origin', () => {
    const bare = beacon.replace(/^https?:/, '');
    for (const m of corpus) {
      const p = parsed.get(m.name);
      const html = typeof p?.html === 'string' ? p.html : '';
      for (const url of resourceUrls(html)) expect(url.startsWith(beacon) || url.startsWith(bare), `${m.name}: ${url}`).toBe(true);
      if (!m.tags.includes('hostile')) continue;
      const everything = [html, p?.text ?? '', ...(p?.attachments ?? []).map((a) => a.content.toString('utf8'))].join('\n');
      for (const [url] of everything.matchAll(/https?:\/\/[^\s"'<>)]+/g)) {
        if (url.startsWith('http://www.w3.org/')) continue;
        expect(url.startsWith(beacon), `${m.name}: ${url}`).toBe(true);
      }
    }
    expect(resourceUrls(parsed.get('hostile-css-beacons')?.html || '').length).toBeGreaterThanOrEqual(8);
  });

  it('chains the thread with In-Reply-To and References, including a fork', () => {
    const id = (n: string): string | undefined => parsed.get(n)?.messageId;
    expect(parsed.get('thread-roadmap-02')?.inReplyTo).toBe(id('thread-roadmap-01'));
    expect(parsed.get('thread-roadmap-08')?.inReplyTo).toBe(id('thread-roadmap-05'));
    expect(parsed.get('thread-roadmap-12')?.references).toContain(id('thread-roadmap-01'));
    expect(parsed.get('thread-roadmap-12')?.subject).toBe('Re: Q3 roadmap review');
    expect(parsed.get('thread-roadmap-12')?.text).toContain('> Great, then the plan fits the quarter');
    const times = corpus.filter((m) => m.name.startsWith('thread-roadmap-')).map((m) => m.receivedAt.getTime());
    expect(times).toHaveLength(12);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('builds the 15 MiB attachment as 76-character base64 lines', () => {
    const large = corpus.find((m) => m.name === 'large-attachment-15mb');
    expect(parsed.get('large-attachment-15mb')?.attachments[0]?.size).toBe(15 * 1024 * 1024);
    const body = large?.eml.toString('latin1') ?? '';
    const lines = body.slice(body.indexOf('Content-Transfer-Encoding: base64')).split('\r\n').slice(2, 1000);
    expect(lines.every((l) => l.length === 76)).toBe(true);
  });
});

describe('integration set and options', () => {
  it('is a byte-identical subset plus a ~12 MiB message', () => {
    const small = generateCorpus({ ...opts, includeLarge: false });
    const set = integrationSet(opts);
    expect(small.some((m) => m.tags.includes('large'))).toBe(false);
    for (const m of set.filter((s) => s.name !== 'large-12mb')) {
      expect(small.find((s) => s.name === m.name)?.eml.equals(m.eml), m.name).toBe(true);
    }
    const large = set.find((m) => m.name === 'large-12mb');
    expect(large?.eml.length).toBeGreaterThan(11.5 * 1024 * 1024);
    expect(large?.eml.length).toBeLessThan(12.5 * 1024 * 1024);
    expect(set.map((m) => m.tags).flat()).toEqual(expect.arrayContaining(['plain', 'html', 'attachments', 'encoded-subject']));
  });

  it('follows baseDate, beacon and recipient', () => {
    const other = generateCorpus({ baseDate: new Date('2027-03-01T00:00:00Z'), includeLarge: false, recipient: 'team@example.org' });
    const hello = other.find((m) => m.name === 'plain-hello')?.eml.toString('utf8') ?? '';
    expect(hello).toContain('for team@example.org;');
    expect(hello).toContain('To: team@example.org');
    const pixel = other.find((m) => m.name === 'newsletter-remote-images')?.eml.toString('latin1') ?? '';
    expect(pixel).toContain('http://127.0.0.1:9/');
    for (const m of other) expect(m.receivedAt.getTime()).toBeLessThan(Date.parse('2027-03-01T00:00:00Z'));
  });
});
