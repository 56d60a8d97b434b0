// Envelope benchmarks: decrypt throughput against the fastest plain-Node AES-GCM loop on the same
// bytes, and peak RSS while decrypting a 40 MB message (in a fresh child process).
import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decrypt } from '@/lib/envelope/decrypt';
import { encrypt } from '@/lib/envelope/encrypt';
import { LocalAesKeyring } from '@/lib/envelope/local-keyring';
import { tsArgs } from '../ts-run.mjs';
import { best, fmt, table } from './report';

const SIZES: [string, number][] = [
  ['1 KB', 1024],
  ['100 KB', 100 * 1024],
  ['10 MB', 10 * 1024 * 1024],
  ['40 MB', 40 * 1024 * 1024],
];

function plainGcm(key: Buffer, iv: Buffer, body: Buffer, sliced: boolean): void {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(body.subarray(body.length - 16));
  const ct = body.subarray(0, body.length - 16);
  if (sliced) for (let i = 0; i < ct.length; i += 65536) d.update(ct.subarray(i, i + 65536));
  else d.update(ct);
  d.final();
}

export async function envelopeThroughput(): Promise<void> {
  const rows: string[][] = [];
  const keyring = new LocalAesKeyring(randomBytes(32));
  for (const [label, size] of SIZES) {
    const plaintext = randomBytes(size);
    const { metadata, body } = await encrypt({ plaintext, keyring });
    // The baseline decrypts the same body with a known key (no key unwrap): pure content speed.
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const plainBody = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
    const rounds = size >= 10 * 1024 * 1024 ? 7 : size >= 100 * 1024 ? 200 : 5000;
    // As the mailstore does: the fetched body is handed over and decrypted in place. Each round
    // gets a fresh copy of the ciphertext (made, and its pages touched, before the clock starts).
    const copies = Array.from({ length: rounds + 1 }, () => Buffer.from(body));
    let round = 0;
    const ours = await best(rounds, async () => void (await decrypt({ metadata, body: copies[round++]!, keyring, consumeBody: true })));
    const whole = await best(rounds, async () => plainGcm(key, iv, plainBody, false));
    const sliced = await best(rounds, async () => plainGcm(key, iv, plainBody, true));
    const floor = Math.min(whole, sliced);
    const gbps = (ms: number) => fmt((size / 1e9) / (ms / 1000), 2);
    rows.push([label, `${fmt(ours, 3)} ms`, `${gbps(ours)} GB/s`, `${gbps(whole)} / ${gbps(sliced)} GB/s`, fmt(floor / ours, 2)]);
  }
  table('Envelope decrypt throughput (best of N; baseline = faster of whole update() and 64 KiB slices)', ['size', 'lib/envelope', 'throughput', 'node whole / sliced', 'ratio (aim >= 0.9 from 10 MB)'], rows);
  try {
    const out = execFileSync('openssl', ['speed', '-evp', 'aes-256-gcm', '-bytes', '16384', '-seconds', '2'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const line = out.trim().split('\n').pop() ?? '';
    const kbps = Number(line.trim().split(/\s+/).pop()?.replace(/k$/, ''));
    process.stdout.write(`ceiling: openssl speed -evp aes-256-gcm at 16 KiB = ${fmt((kbps * 1000) / 1e9, 2)} GB/s\n`);
  } catch {
    process.stdout.write('ceiling: openssl not available\n');
  }
}

/** Child-process mode: read an encrypted 40 MB object from disk, decrypt it, report RSS figures. */
export async function rssChild(dir: string): Promise<void> {
  const keyring = new LocalAesKeyring(readFileSync(path.join(dir, 'key')));
  const metadata = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, string>;
  const baseline = process.resourceUsage().maxRSS * 1024;
  const body = readFileSync(path.join(dir, 'body'));
  const { plaintext } = await decrypt({ metadata, body, keyring, consumeBody: true });
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ baseline, peak, size: plaintext.length }));
}

export async function envelopeRss(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sesame-rss-'));
  try {
    const master = randomBytes(32);
    const size = 40 * 1024 * 1024;
    const { metadata, body } = await encrypt({ plaintext: randomBytes(size), keyring: new LocalAesKeyring(master) });
    writeFileSync(path.join(dir, 'key'), master);
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(metadata));
    writeFileSync(path.join(dir, 'body'), body);
    const r = spawnSync(process.execPath, tsArgs('scripts/perf/main.ts', ['--rss-child', dir]), {
      env: { ...process.env, TSX_TSCONFIG_PATH: path.resolve('tsconfig.json') },
    });
    const { baseline, peak } = JSON.parse(r.stdout.toString()) as { baseline: number; peak: number };
    const mb = (n: number) => fmt(n / 1024 / 1024, 1);
    table('Peak RSS decrypting a 40 MB message (fresh process, object read from disk)', ['baseline', 'peak', 'above baseline', 'x message size (aim <= 2.5)'], [
      [`${mb(baseline)} MB`, `${mb(peak)} MB`, `${mb(peak - baseline)} MB`, fmt((peak - baseline) / size, 2)],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
