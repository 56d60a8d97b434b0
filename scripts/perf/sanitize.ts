// Sanitizing off the event loop (issue 10, finding 4): the cold open of a 1 MB HTML message, and
// the p99 of list requests alone against their p99 while four such messages open at once — with
// the sanitizer in its worker threads (as the server runs it) and, for comparison, on the event
// loop (as it ran before). `npm run bench -- --only sanitize`.
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { Inbox } from '@/lib/mailstore/inbox';
import { mapBounded } from '@/lib/mailstore/listing';
import { s3Source, type MailSource } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { messageDetail, rawMessage } from '@/lib/mailstore/service';
import { parseMessage } from '@/lib/mime/parse';
import { sanitizeEmailHtml } from '@/lib/mime/sanitize';
import { generateCorpus } from '../corpus/generate';
import { fmt, median, table } from './report';

const PREFIX = 'bench-sanitize/';

function htmlMessage(n: number): Buffer {
  const rows = Array.from({ length: 9000 }, (_, i) => `<tr><td style="padding:4px;color:#333">Row ${i} of ${n}</td><td><a href="https://example.com/item/${i}">item ${i}</a></td></tr>`).join('\n');
  const html = `<html><body><h1>Report ${n}</h1><table>${rows}</table></body></html>`;
  return Buffer.from(`From: Reports <reports@example.com>\r\nTo: inbox@example.com\r\nSubject: 1 MB HTML report ${n}\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`);
}

function p99(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]!;
}

/** Warm list requests (page 1, 50 rows), one after the other, until `until` settles (or `count` of them). */
async function listLatencies(inbox: Inbox, source: MailSource, opts: { count?: number; until?: Promise<unknown> }): Promise<number[]> {
  const out: number[] = [];
  let done = false;
  void opts.until?.finally(() => (done = true));
  while (opts.until ? !done : out.length < (opts.count ?? 200)) {
    const t = performance.now();
    await inbox.page(source, { page: 1 + (out.length % 4), pageSize: 50 });
    out.push(performance.now() - t);
    // A reader's requests arrive over time, not back to back.
    await new Promise((r) => setTimeout(r, 5));
  }
  return out;
}

export async function sanitizeBench(moto: { bucket: string; keyId: string }, opts: { messages: number }): Promise<void> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  let scopes = 0;
  const fresh = () => s3Source({ id: 'bench', bucket: moto.bucket, prefix: PREFIX }, { region, forcePathStyle: true, allowLegacyCbc: false }, { scope: `s${scopes++}` });
  const source = fresh();
  const keyring = new KmsKeyring(kmsClient({ region }), { keyId: moto.keyId });
  const rule = { store: source.store, prefix: PREFIX, ruleName: 'bench', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyId };
  const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false });
  const t0 = Date.now();
  await mapBounded(Array.from({ length: opts.messages }, (_, i) => i), 4, async (i) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await deliver(rule, corpus[i % corpus.length]!.eml);
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
  });
  const big = [];
  for (let n = 0; n < 9; n++) big.push(await deliver(rule, htmlMessage(n)));
  process.stdout.write(`\n(seeded ${opts.messages} messages + 9 HTML messages of ${fmt(htmlMessage(0).length / 1048576, 2)} MB into moto in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

  const inbox = new Inbox({ concurrency: 8, cacheSize: 20_000 });
  for (let p = 1; p <= 4; p++) await inbox.page(source, { page: p, pageSize: 50 });

  // The worker thread's start-up (jsdom) is not part of a message's open.
  await messageDetail(fresh(), big[8]!.messageId, { allowRemote: false });

  // Cold open of one 1 MB HTML message (GET, decrypt, parse, sanitize in the worker).
  let t = performance.now();
  const detail = await messageDetail(fresh(), big[0]!.messageId, { allowRemote: false });
  const coldWorker = performance.now() - t;
  if (detail.htmlNote || !detail.html?.includes('<table>')) throw new Error(`the 1 MB message was not sanitized: ${detail.htmlNote}`);
  t = performance.now();
  const raw = await rawMessage(fresh(), big[0]!.messageId);
  const parsedHtml = (await parseMessage(raw)).html ?? '';
  sanitizeEmailHtml(parsedHtml, { allowRemote: false, cidUrl: () => null });
  const coldInline = performance.now() - t;

  const alone = await listLatencies(inbox, source, { count: 200 });

  // Four such messages open at once, sanitized in the worker threads.
  const workerOpens = Promise.all(big.slice(1, 5).map((m) => messageDetail(fresh(), m.messageId, { allowRemote: false })));
  const tw = performance.now();
  const duringWorker = await listLatencies(inbox, source, { until: workerOpens });
  const fourWorker = performance.now() - tw;

  // The same on the event loop, as before (parse + sanitize in this thread).
  const inlineOpens = Promise.all(
    big.slice(5, 9).map(async (m) => {
      const html = (await parseMessage(await rawMessage(fresh(), m.messageId))).html ?? '';
      await new Promise((r) => setTimeout(r, 0));
      return sanitizeEmailHtml(html, { allowRemote: false, cidUrl: () => null });
    }),
  );
  const ti = performance.now();
  const duringInline = await listLatencies(inbox, source, { until: inlineOpens });
  const fourInline = performance.now() - ti;

  const threads = process.env.SESAME_SANITIZE_THREADS ?? '1';
  table(
    `Sanitizing 1 MB HTML: list requests (warm page of 50 rows, ${opts.messages} messages in moto) while 4 such messages open at once`,
    ['sanitizer', '1 MB HTML cold open', 'list p99 alone', 'list p99 during 4 opens', 'ratio', 'list median during', 'requests during', '4 opens took'],
    [
      [`worker threads (${threads})`, `${fmt(coldWorker, 0)} ms`, `${fmt(p99(alone), 1)} ms`, `${fmt(p99(duringWorker), 1)} ms`, fmt(p99(duringWorker) / p99(alone), 1), `${fmt(median(duringWorker), 1)} ms`, String(duringWorker.length), `${fmt(fourWorker / 1000, 1)} s`],
      ['event loop (before)', `${fmt(coldInline, 0)} ms`, `${fmt(p99(alone), 1)} ms`, `${fmt(p99(duringInline), 1)} ms`, fmt(p99(duringInline) / p99(alone), 1), `${fmt(median(duringInline), 1)} ms`, String(duringInline.length), `${fmt(fourInline / 1000, 1)} s`],
    ],
  );
}
