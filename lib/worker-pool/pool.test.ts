import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerFailedError, WorkerPool, WorkerTimeoutError } from './pool';
import { READY } from './protocol';

// Small eval'd workers that speak the pool's protocol: `{ spin: ms }` busy-waits (synchronous
// code, like DOMPurify), `{ crash: true }` ends the thread, anything else is echoed.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (task) => {
  if (task.crash) process.exit(3);
  if (task.spin) { const end = Date.now() + task.spin; while (Date.now() < end); }
  parentPort.postMessage({ ok: true, value: task });
});
parentPort.postMessage(${JSON.stringify(READY)});
`;
const make = () => new Worker(SOURCE, { eval: true });
const pools: WorkerPool<unknown, unknown>[] = [];
const pool = (size: number, timeoutMs: number, create = make) => {
  const p = new WorkerPool<unknown, unknown>({ size, timeoutMs, create });
  pools.push(p);
  return p;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkerPool', () => {
  it('runs tasks in threads, at most `size` at a time, the rest in order', async () => {
    const p = pool(2, 5000);
    const out = await Promise.all([1, 2, 3, 4, 5].map((n) => p.run({ n, spin: 50 })));
    expect(out).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, spin: 50 })));
  });

  it('stops a task over its time limit, and the next task gets a fresh thread', async () => {
    const p = pool(1, 150);
    await p.run({ warm: true });
    const t = performance.now();
    await expect(p.run({ spin: 10_000 })).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(performance.now() - t).toBeLessThan(2000);
    await expect(p.run({ after: true })).resolves.toEqual({ after: true });
  });

  it('fails a task whose thread dies, and carries on', async () => {
    const p = pool(1, 5000);
    await expect(p.run({ crash: true })).rejects.toBeInstanceOf(WorkerFailedError);
    await expect(p.run({ again: true })).resolves.toEqual({ again: true });
  });

  it('moves the transfer list to the thread without a copy', async () => {
    const p = pool(1, 5000);
    const bytes = new Uint8Array([1, 2, 3]);
    const out = (await p.run({ bytes }, [bytes.buffer])) as { bytes: Uint8Array };
    expect([...out.bytes]).toEqual([1, 2, 3]);
    // Detached: the caller's view is empty, the thread had the only copy.
    expect(bytes.byteLength).toBe(0);
  });

  it('fails a task that cannot be sent to a thread, and carries on', async () => {
    const p = pool(1, 5000);
    await expect(p.run({ f: () => 1 })).rejects.toThrow(/could not be sent/);
    await expect(p.run({ after: true })).resolves.toEqual({ after: true });
  });

  it('fails the waiting tasks (rather than hang) when a thread cannot start', async () => {
    const p = pool(1, 5000, () => new Worker('throw new Error("cannot load")', { eval: true }));
    await expect(p.run({ x: 1 })).rejects.toThrow(/could not start: cannot load/);
  });
});
