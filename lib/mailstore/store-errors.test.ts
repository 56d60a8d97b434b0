import { describe, expect, it } from 'vitest';
import { toProblem } from '@/lib/http';
import { problemOf } from './problems';
import { LocalStore } from './local-store';
import { operatorText, StoreError } from './store-errors';

// Finding 14 of issue 10: what a reader sees never names where mail is kept (bucket, key,
// prefix, local folder); operators still get the object in `detail`.

const WHERE = 's3://acme-secret-bucket/support/d6iitobk75ur44p8kdnnp7g2n800';
const LEAKS = /acme-secret-bucket|support\/|d6iitobk|s3:\/\/|\.demo|local folder|\/tmp\//;

describe('store errors', () => {
  for (const [name, status] of [
    ['NoSuchKey', 404],
    ['NoSuchBucket', 404],
    ['AccessDenied', 403],
    ['ExpiredToken', 403],
    ['SlowDown', 503],
    ['NetworkingError', 503],
  ] as const) {
    it(`${name}: words for the reader without the location, the location for operators`, () => {
      const err = StoreError.fromS3({ name, $metadata: { httpStatusCode: status === 404 && name === 'NoSuchKey' ? 404 : undefined } }, 's3:GetObject', WHERE);
      for (const text of [err.message, toProblem(err).message, problemOf(err).message]) expect(text).not.toMatch(LEAKS);
      expect(toProblem(err).status).toBe(status);
      expect(operatorText(err)).toContain(WHERE);
    });
  }

  it('the local store (demo) names no folder and no key to the reader', async () => {
    const store = new LocalStore('/tmp/sesame-store-errors-test/demo-mail');
    const missing = (await store.get('support/d6iitobk75ur44p8kdnnp7g2n800').catch((e: unknown) => e)) as StoreError;
    expect(missing.code).toBe('not-found');
    expect(missing.message).not.toMatch(LEAKS);
    expect(toProblem(missing)).toMatchObject({ status: 404 });
    expect(missing.detail).toContain('/tmp/sesame-store-errors-test/demo-mail');
    const invalid = (await store.get('support/../../etc/passwd').catch((e: unknown) => e)) as StoreError;
    expect(invalid.code).toBe('invalid-key');
    expect(invalid.message).not.toMatch(/passwd|support/);
  });
});
