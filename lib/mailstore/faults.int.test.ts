import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { generateCorpus } from '@/scripts/corpus/generate';
import { startAwsProxy } from '@/scripts/faults/aws-proxy.mjs';
import { kmsClient } from './aws-clients';
import { Inbox } from './inbox';
import { mapBounded } from './listing';
import { s3Source } from './mail-source';
import { deliver } from './ses-simulator';
import { messageDetail } from './service';
import { useMoto } from './test-env';

// Under 20 % injected faults (latency, connection resets, KMS ThrottlingException, S3 SlowDown,
// 500s) between Sesame and S3/KMS, inbox pages and messages still come back: retries with
// jittered backoff absorb most faults, the rest become per-message problems, nothing hangs.

const COUNT = 60;
let moto: ReturnType<typeof useMoto>;
let proxy: Awaited<ReturnType<typeof startAwsProxy>>;
const ids: string[] = [];

beforeAll(async () => {
  moto = useMoto();
  const writer = s3Source({ id: 'f', bucket: moto.bucket, prefix: 'faults/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: 'writer' });
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  const rule = { store: writer.store, prefix: 'faults/', ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn };
  const corpus = generateCorpus({ baseDate: new Date(), includeLarge: false });
  ids.push(...(await mapBounded(corpus.slice(0, COUNT), 8, (m) => deliver(rule, m.eml))).map((d) => d.messageId));
  // From here on every S3 and KMS call of the readers goes through the faulty proxy.
  proxy = await startAwsProxy({ target: moto.endpoint, faults: { rate: 0.2, latencyMs: 200 }, seed: 99 });
  process.env.AWS_ENDPOINT_URL_S3 = proxy.endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = proxy.endpoint;
}, 120_000);

afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_S3 = moto.endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = moto.endpoint;
  await proxy?.stop();
});

// A new credential scope per round: new clients (through the proxy) and cold caches.
const reader = (round: number) =>
  s3Source({ id: 'f', bucket: moto.bucket, prefix: 'faults/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { credentials: { accessKeyId: `testing${round}`, secretAccessKey: 'testing' }, scope: `r${round}` });

describe('20 % injected faults toward S3 and KMS', () => {
  it('every inbox page renders all its rows, nearly all of them summarised', async () => {
    let rows = 0;
    let problems = 0;
    for (let round = 0; round < 4; round++) {
      const started = Date.now();
      const page = await new Inbox({ concurrency: 8, cacheSize: 1000 }).page(reader(round), { page: 1, pageSize: 50 });
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(page.items).toHaveLength(50);
      rows += page.items.length;
      problems += page.items.filter((s) => s.problem).length;
      for (const s of page.items.filter((x) => x.problem)) expect(s.problem!.code).toMatch(/^(kms-unavailable|unavailable)$/);
    }
    expect(proxy.stats.injected.reset + proxy.stats.injected.throttle + proxy.stats.injected.error500).toBeGreaterThan(20);
    expect(problems / rows).toBeLessThan(0.05);
  });

  it('messages open or fail with a typed, retryable problem; none hangs', async () => {
    let opened = 0;
    for (const [i, id] of ids.slice(0, 20).entries()) {
      const started = Date.now();
      try {
        const detail = await messageDetail(reader(100 + i), id, { allowRemote: false });
        expect(detail.id).toBe(id);
        opened++;
      } catch (err) {
        expect((err as { code?: string }).code).toMatch(/^(kms-unavailable|unavailable)$/);
      }
      expect(Date.now() - started).toBeLessThan(30_000);
    }
    expect(opened).toBeGreaterThanOrEqual(18);
  });
});
