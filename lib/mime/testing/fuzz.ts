import 'server-only';
import { rngFrom } from '@/scripts/corpus/prng';
import { parseMessage } from '../parse';
import { sanitizeEmailHtml } from '../sanitize';
import { summaryFromHead } from '../summary';
import { textToHtml } from '../text-to-html';
import { extractAttachment } from '../extract';

// MIME fuzzing: mutated messages through parse → sanitize → text rendering → list summary →
// attachment extraction. Every step must return (never throw) within the parser's deadline.

const SNIPPETS = [
  '\r\n--b\r\n',
  'Content-Type: multipart/mixed; boundary="b"\r\n\r\n',
  'Content-Type: multipart/alternative; boundary=b\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n',
  'Content-Type: text/html; charset=x-unknown\r\n',
  'Content-Disposition: attachment; filename*=UTF-8\'\'%E2%80%AE..%2F..%2Fetc\r\n',
  '=?UTF-8?B?5pel5pys6Kqe?= =?ISO-2022-JP?Q?=1B$B?=',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '=\r\n=3D=ZZ',
  '\r\n\r\n',
  '\u0000\u00ff\ufffd',
  'Subject: ' + 'A'.repeat(2000) + '\r\n',
  'Content-ID: <x@y>\r\n',
];

export interface MimeFuzzStats {
  tried: number;
  crashes: number;
  tooComplex: number;
  maxMs: number;
  crashSamples: string[];
}

export async function fuzzMime(messages: Buffer[], count: number, seed = 7): Promise<MimeFuzzStats> {
  const rng = rngFrom(seed);
  const rnd = () => rng.next();
  const int = (n: number) => Math.floor(rnd() * n);
  const stats: MimeFuzzStats = { tried: 0, crashes: 0, tooComplex: 0, maxMs: 0, crashSamples: [] };
  for (let i = 0; i < count; i++) {
    let m = Buffer.from(messages[int(messages.length)]!);
    for (let k = 0, n = 1 + int(4); k < n; k++) {
      const at = int(m.length + 1);
      switch (int(6)) {
        case 0:
          if (m.length) m[int(m.length)] = int(256);
          break;
        case 1:
          m = Buffer.concat([m.subarray(0, at), m.subarray(Math.min(m.length, at + int(200)))]);
          break;
        case 2: {
          const from = int(m.length + 1);
          m = Buffer.concat([m.subarray(0, at), m.subarray(from, from + int(400)), m.subarray(at)]);
          break;
        }
        case 3:
          m = Buffer.concat([m.subarray(0, at), Buffer.from(SNIPPETS[int(SNIPPETS.length)]!, 'latin1'), m.subarray(at)]);
          break;
        case 4:
          m = m.subarray(0, at);
          break;
        default:
          m = Buffer.from(m.toString('latin1').replace(/\r\n/g, rnd() < 0.5 ? '\n' : '\r'), 'latin1');
      }
    }
    stats.tried++;
    const started = performance.now();
    try {
      const parsed = await parseMessage(m);
      if (parsed.tooComplex) stats.tooComplex++;
      if (parsed.html) sanitizeEmailHtml(parsed.html, { allowRemote: rnd() < 0.5, cidUrl: (cid) => `/cid/${encodeURIComponent(cid)}` });
      if (parsed.text) textToHtml(parsed.text);
      summaryFromHead(m.subarray(0, int(m.length + 1)), { complete: false });
      summaryFromHead(m, { complete: true });
      if (parsed.attachments.length) await extractAttachment(m, int(parsed.attachments.length));
    } catch (err) {
      stats.crashes++;
      if (stats.crashSamples.length < 5) stats.crashSamples.push(`${(err as Error)?.name}: ${(err as Error)?.message}`.slice(0, 200));
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - started);
  }
  return stats;
}
