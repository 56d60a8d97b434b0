// `npm run bench -- --full`: the reliability figures at full counts — envelope and MIME fuzzing
// (10,000 each), injected faults toward S3/KMS, the whole XSS corpus in Chromium, and a load run
// of 50 signed-in sessions for 60 s followed by a 10-minute soak.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fuzzEnvelope } from '@/lib/envelope/testing/fuzz';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { Inbox } from '@/lib/mailstore/inbox';
import { mapBounded } from '@/lib/mailstore/listing';
import { s3Source } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { messageDetail } from '@/lib/mailstore/service';
import { fuzzMime } from '@/lib/mime/testing/fuzz';
import { generateCorpus } from '../corpus/generate';
import { startAwsProxy } from '../faults/aws-proxy.mjs';
import { motoEnv } from '../bench/moto.mjs';
import { fmt, table } from './report';

export async function fuzzFigures(): Promise<void> {
  const env = await fuzzEnvelope(10_000);
  const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false }).map((m) => m.eml);
  const started = Date.now();
  const mime = await fuzzMime(corpus, 10_000);
  table('Hostile input (fuzzing)', ['target', 'mutations tried', 'crashes', 'leaks / wrong plaintext', 'typed errors', 'max ms per message'], [
    ['envelope', String(env.tried), String(env.crashes), `${env.leaks} / ${env.wrongPlaintext}`, String(env.typed), '—'],
    ['MIME parse+sanitize+render', String(mime.tried), String(mime.crashes), '—', `${mime.tooComplex} too complex`, `${fmt(mime.maxMs, 0)} (total ${fmt((Date.now() - started) / 1000, 0)} s)`],
  ]);
}

export async function faultFigures(moto: { endpoint: string; bucket: string; keyId: string }): Promise<void> {
  const region = 'us-east-1';
  const writer = s3Source({ id: 'f', bucket: moto.bucket, prefix: 'faults/' }, { region, forcePathStyle: true, allowLegacyCbc: false }, { scope: 'w' });
  const keyring = new KmsKeyring(kmsClient({ region }), { keyId: moto.keyId });
  const rule = { store: writer.store, prefix: 'faults/', ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyId };
  const corpus = generateCorpus({ baseDate: new Date(), includeLarge: false });
  const ids = (await mapBounded(corpus.slice(0, 100), 8, (m) => deliver(rule, m.eml))).map((d) => d.messageId);
  const proxy = await startAwsProxy({ target: moto.endpoint, faults: { rate: 0.2, latencyMs: 200 }, seed: 7 });
  Object.assign(process.env, { AWS_ENDPOINT_URL_S3: proxy.endpoint, AWS_ENDPOINT_URL_KMS: proxy.endpoint });
  let pages = 0;
  let rows = 0;
  let rowProblems = 0;
  let opened = 0;
  let openProblems = 0;
  let slowest = 0;
  try {
    for (let round = 0; round < 20; round++) {
      const source = s3Source({ id: 'f', bucket: moto.bucket, prefix: 'faults/' }, { region, forcePathStyle: true, allowLegacyCbc: false }, { credentials: { accessKeyId: `k${round}`, secretAccessKey: 's' }, scope: `r${round}` });
      const t = Date.now();
      const page = await new Inbox({ concurrency: 8, cacheSize: 1000 }).page(source, { page: 1 + (round % 2), pageSize: 50 });
      slowest = Math.max(slowest, Date.now() - t);
      pages++;
      rows += page.items.length;
      rowProblems += page.items.filter((s) => s.problem).length;
      for (const id of ids.slice(round * 5, round * 5 + 5)) {
        const t2 = Date.now();
        try {
          await messageDetail(source, id, { allowRemote: false });
          opened++;
        } catch {
          openProblems++;
        }
        slowest = Math.max(slowest, Date.now() - t2);
      }
    }
  } finally {
    Object.assign(process.env, motoEnv(moto.endpoint));
    await proxy.stop();
  }
  const injected = Object.values(proxy.stats.injected).reduce((a, b) => a + b, 0);
  table('Faults (20 % of S3/KMS requests: latency, resets, throttling, 500s)', ['requests', 'faults injected', 'pages rendered', 'rows / with a problem', 'messages opened / failed', 'slowest request'], [
    [String(proxy.stats.requests), String(injected), `${pages} / ${pages}`, `${rows} / ${rowProblems}`, `${opened} / ${openProblems}`, `${fmt(slowest / 1000, 1)} s`],
  ]);
}

export function browserFigures(): void {
  const root = path.resolve(__dirname, '..', '..');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'playwright'), 'test', '--grep', '@reliability', '--reporter', 'line'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SESAME_XSS_COUNT: '100000', SESAME_LOAD_SESSIONS: '50', SESAME_LOAD_SECONDS: '60', SESAME_LOAD_SOAK_SECONDS: process.env.SESAME_LOAD_SOAK_SECONDS ?? '600' },
  });
  const read = (f: string) => {
    try {
      return JSON.parse(readFileSync(path.join(root, 'test-results', f), 'utf8')) as Record<string, number>;
    } catch {
      return null;
    }
  };
  const xss = read('xss.json');
  const load = read('load.json');
  table('XSS corpus delivered as mail, opened in Chromium', ['payloads', 'executions', 'requests outside the app', 'spec exit'], [
    [String(xss?.payloads ?? '—'), String(xss?.executed ?? '—'), String(xss?.fetched ?? '—'), String(r.status)],
  ]);
  table('Load (production build on moto)', ['sessions', 'seconds', 'requests', 'errors', 'p50 / p95 / p99 ms', 'server RSS start / peak / end MB'], [
    [String(load?.sessions ?? '—'), String(load?.seconds ?? '—'), String(load?.requests ?? '—'), String(load?.errors ?? '—'), `${load?.p50} / ${load?.p95} / ${load?.p99}`, `${load?.rssStartMb} / ${load?.rssPeakMb} / ${load?.rssEndMb}`],
  ]);
}
