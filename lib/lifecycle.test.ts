import { afterEach, describe, expect, it } from 'vitest';
import { drain, isDraining, resetLifecycleForTests, tracked } from './lifecycle';

afterEach(resetLifecycleForTests);

describe('graceful shutdown', () => {
  it('reports draining at once and exits only after requests in flight finish', async () => {
    let exitedAt = 0;
    let finishedAt = 0;
    const request = tracked(async () => {
      await new Promise((r) => setTimeout(r, 300));
      finishedAt = Date.now();
    });
    const done = drain({ graceMs: 5_000, settleMs: 50, exit: () => (exitedAt = Date.now()) });
    expect(isDraining()).toBe(true);
    await request;
    await done;
    expect(exitedAt).toBeGreaterThanOrEqual(finishedAt);
  });

  it('exits at the end of the grace period even if a request never ends', async () => {
    let code = -1;
    void tracked(() => new Promise(() => {}));
    const started = Date.now();
    await drain({ graceMs: 300, settleMs: 0, exit: (c) => (code = c) });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
