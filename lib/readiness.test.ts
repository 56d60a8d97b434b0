import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Finding 10 of issue 10: /api/ready is public, so it says only ready / not ready (details go to
// the log), and one probe answers every hit for a few seconds.

const listings = vi.hoisted(() => ({ count: 0, fail: false }));
const logged = vi.hoisted(() => [] as string[]);

vi.mock('@/lib/mailstore/mail-source', () => ({
  mailSource: async () => ({
    prefix: 'support/',
    store: {
      async *list() {
        listings.count++;
        if (listings.fail) {
          const { StoreError } = await import('@/lib/mailstore/store-errors');
          throw StoreError.fromS3({ name: 'AccessDenied' }, 's3:ListBucket', 's3://acme-secret-bucket/support/');
        }
        yield { key: 'support/x', size: 1, lastModified: new Date(), etag: '' };
      },
    },
  }),
}));
vi.mock('@/lib/log', async () => {
  const real = await vi.importActual<typeof import('@/lib/log')>('@/lib/log');
  const logger = real.createLogger(new Writable({ write: (chunk, _e, cb) => (logged.push(String(chunk)), cb()) }));
  return { ...real, log: () => logger };
});

let idp: Server;
let idpHits = 0;

beforeAll(async () => {
  idp = createServer((_req, res) => {
    idpHits++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ issuer: 'http://idp' }));
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
  const port = (idp.address() as { port: number }).port;
  Object.assign(process.env, {
    SESAME_MAILBOXES: JSON.stringify([
      { id: 'support', label: 'Support', bucket: 'acme-secret-bucket', prefix: 'support/' },
      { id: 'billing', label: 'Billing', bucket: 'acme-secret-bucket', prefix: 'billing/' },
    ]),
    SESAME_CREDENTIALS_MODE: 'server',
    OIDC_ISSUER: `http://127.0.0.1:${port}/realms/acme-internal`,
    OIDC_CLIENT_ID: 'sesame',
    OIDC_CLIENT_SECRET: 'client-secret-value',
    NEXTAUTH_URL: 'https://mail.example.com',
    NEXTAUTH_SECRET: 'a-long-enough-random-secret-0123',
  });
});
afterAll(() => new Promise<void>((r) => idp.close(() => r())));

beforeEach(async () => {
  const { resetReadinessCache } = await import('./readiness');
  resetReadinessCache();
  listings.count = 0;
  listings.fail = false;
  idpHits = 0;
  logged.length = 0;
});

async function hit() {
  const { GET } = await import('@/app/api/ready/route');
  const res = await GET();
  return { status: res.status, text: await res.text() };
}

describe('/api/ready', () => {
  it('answers only ready or not ready: no mailbox, bucket, prefix or IdP in the body', async () => {
    const ok = await hit();
    expect(ok).toEqual({ status: 200, text: JSON.stringify({ status: 'ready' }) });
    listings.fail = true;
    const { resetReadinessCache } = await import('./readiness');
    resetReadinessCache();
    const down = await hit();
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ status: 'not ready' });
    expect(down.text).not.toMatch(/support|billing|acme|realms|127\.0\.0\.1|s3:/);
    // The operator finds the details in the log.
    expect(logged.join('')).toMatch(/mailbox:support[\s\S]*acme-secret-bucket/);
  });

  it('probes at most once per few seconds, however often it is hit, and shares a probe in flight', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => hit()));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    for (let i = 0; i < 20; i++) await hit();
    expect(listings.count).toBe(2); // one listing per mailbox, once
    expect(idpHits).toBe(1);
  });

  it('probes again once the cached probe is older than the cache time', async () => {
    const { readiness, PROBE_CACHE_MS } = await import('./readiness');
    const t0 = Date.now();
    await readiness(t0);
    await readiness(t0 + PROBE_CACHE_MS - 100);
    expect(listings.count).toBe(2);
    await readiness(Date.now() + PROBE_CACHE_MS + 1);
    expect(listings.count).toBe(4);
  });
});
