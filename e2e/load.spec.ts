import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './idp/sign-in';
import { PEOPLE } from './test-env';
import { LATE_MESSAGE, VIEWER_MAILBOX, viewerCorpus } from './viewer-seed';

// @reliability load: N signed-in sessions (each a real sign-in through the IdP, with its own STS
// credentials) browse list and message pages against the production build for D seconds.
// CI: 10 sessions x 15 s. `npm run bench -- --full`: 50 x 60 s and a 10-minute soak.

const SESSIONS = Number(process.env.SESAME_LOAD_SESSIONS ?? 10);
const SECONDS = Number(process.env.SESAME_LOAD_SECONDS ?? 15);
const SOAK_SECONDS = Number(process.env.SESAME_LOAD_SOAK_SECONDS ?? 0);

/** RSS in MB of the app server's process group (next start and what it spawned). */
function serverRssMb(): number {
  const pgid = process.env.E2E_SERVER_PID;
  if (!pgid) return NaN;
  const out = execFileSync('ps', ['-o', 'rss=', '-g', pgid], { encoding: 'utf8' });
  return out.split('\n').reduce((n, l) => n + (Number(l.trim()) || 0), 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

test('@reliability load: signed-in sessions browse lists and messages with zero errors', async ({ browser, baseURL }) => {
  test.setTimeout((SECONDS + SOAK_SECONDS + 300) * 1000);
  // Real sign-ins, a few at a time.
  const cookies: string[] = [];
  for (let i = 0; i < SESSIONS; i += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, SESSIONS - i) }, async (_, j) => {
        const context = await browser.newContext({ baseURL });
        const page = await context.newPage();
        await signIn(page, (i + j) % 2 ? PEOPLE.bob : PEOPLE.alice, `/${VIEWER_MAILBOX}`);
        const header = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
        await context.close();
        return header;
      }),
    );
    cookies.push(...batch);
  }
  const ids = viewerCorpus()
    .filter((m) => m.name !== LATE_MESSAGE)
    .map((m) => m.sesId);
  const paths = (n: number) => {
    const id = ids[n % ids.length]!;
    return [
      `/api/mailboxes/${VIEWER_MAILBOX}/messages?page=${1 + (n % 3)}&pageSize=50`,
      `/${VIEWER_MAILBOX}/${id}`,
      `/api/mailboxes/${VIEWER_MAILBOX}/messages/${id}`,
      `/${VIEWER_MAILBOX}`,
    ][n % 4]!;
  };

  const latencies: number[] = [];
  const errors: string[] = [];
  const rss: number[] = [serverRssMb()];
  const run = async (seconds: number) => {
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      cookies.map(async (cookie, s) => {
        for (let n = s; Date.now() < end; n++) {
          const url = `${baseURL}${paths(n)}`;
          const t = performance.now();
          try {
            const res = await fetch(url, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
            await res.arrayBuffer();
            if (res.status !== 200) errors.push(`${res.status} ${paths(n)}`);
          } catch (err) {
            errors.push(`${(err as Error).name} ${paths(n)}`);
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
    rss.push(serverRssMb());
  };
  await run(SECONDS);
  // Soak: keep going and sample memory; caches are bounded, so it must level off.
  for (let t = 0; t < SOAK_SECONDS; t += 30) await run(Math.min(30, SOAK_SECONDS - t));

  const sorted = [...latencies].sort((a, b) => a - b);
  const figures = {
    sessions: SESSIONS,
    seconds: SECONDS + SOAK_SECONDS,
    requests: latencies.length,
    errors: errors.length,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    rssStartMb: Math.round(rss[0]!),
    rssPeakMb: Math.round(Math.max(...rss)),
    rssEndMb: Math.round(rss.at(-1)!),
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/load.json', JSON.stringify({ ...figures, rssSamples: rss.map(Math.round), errorSamples: errors.slice(0, 10) }, null, 2));
  process.stdout.write(`load: ${JSON.stringify(figures)}\n`);
  expect(errors.slice(0, 10)).toEqual([]);
  expect(latencies.length).toBeGreaterThan(SESSIONS);
});
