import { describe, expect, it } from 'vitest';
import { JitteredRetryStrategy } from './retry';

describe('JitteredRetryStrategy', () => {
  it('retries throttling, 5xx and transient errors up to the attempt limit, with jittered growing delays', async () => {
    const s = new JitteredRetryStrategy(4, 100, 3000, () => 0.999);
    let t = await s.acquireInitialRetryToken();
    const delays: number[] = [];
    for (const errorType of ['THROTTLING', 'SERVER_ERROR', 'TRANSIENT'] as const) {
      t = await s.refreshRetryTokenForRetry(t, { errorType });
      delays.push(t.getRetryDelay());
    }
    expect(delays).toEqual([199, 399, 799]);
    await expect(s.refreshRetryTokenForRetry(t, { errorType: 'THROTTLING' })).rejects.toThrow();
  });

  it('never retries client errors (access denied, bad request)', async () => {
    const s = new JitteredRetryStrategy();
    await expect(s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
  });

  it('keeps working after many faults: there is no quota to drain', async () => {
    const s = new JitteredRetryStrategy(4, 1, 10, () => 0.5);
    for (let i = 0; i < 10_000; i++) {
      const t = await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'THROTTLING' });
      expect(t.getRetryCount()).toBe(1);
    }
  });
});
