import { describe, expect, it } from 'vitest';
import { collapseThreads, threadMembers } from './conversations';
import type { ThreadInfo } from './threads';

// Newest first, as the listing orders them: c3 and c1 are one conversation started by c1.
const ordered = [{ key: 'c3' }, { key: 'solo' }, { key: 'd2' }, { key: 'c2' }, { key: 'new' }, { key: 'd1' }, { key: 'c1' }];
const threads = new Map<string, ThreadInfo>([
  ['c1', { threadKey: 'c1', size: 3 }],
  ['c2', { threadKey: 'c1', size: 3 }],
  ['c3', { threadKey: 'c1', size: 3 }],
  ['d1', { threadKey: 'd1', size: 2 }],
  ['d2', { threadKey: 'd1', size: 2 }],
  ['solo', { threadKey: 'solo', size: 1 }],
  // 'new' is not indexed yet: no conversation data.
]);

describe('conversations in the list', () => {
  it('shows each conversation once, as its newest message, in list order', () => {
    expect(collapseThreads(ordered, threads).map((o) => o.key)).toEqual(['c3', 'solo', 'd2', 'new']);
  });

  it('keeps every message when there is no conversation data', () => {
    expect(collapseThreads(ordered, new Map()).map((o) => o.key)).toEqual(ordered.map((o) => o.key));
  });

  it('lists one conversation oldest first', () => {
    expect(threadMembers(ordered, threads, 'c1').map((o) => o.key)).toEqual(['c1', 'c2', 'c3']);
    expect(threadMembers(ordered, threads, 'new').map((o) => o.key)).toEqual(['new']);
    expect(threadMembers(ordered, threads, 'nosuch')).toEqual([]);
  });

  it('runs in linear time over a large mailbox', () => {
    const n = 200_000;
    const big = Array.from({ length: n }, (_, i) => ({ key: `k${i}` }));
    const map = new Map(big.map((o, i) => [o.key, { threadKey: `k${i - (i % 4)}`, size: 4 }]));
    const t0 = performance.now();
    expect(collapseThreads(big, map)).toHaveLength(n / 4);
    expect(threadMembers(big, map, 'k8')).toHaveLength(4);
    // Quadratic work over 200,000 keys would take minutes; a loaded shared machine still stays far below this.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
