import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

describe('Lru', () => {
  it('evicts the least recently used entry beyond its count', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.has('a'), lru.has('b'), lru.has('c')]).toEqual([true, false, true]);
  });

  it('keeps the total weight under its limit and refuses entries heavier than it', () => {
    const lru = new Lru<string, Buffer>(100, { maxWeight: 10, weigh: (b) => b.length });
    lru.set('a', Buffer.alloc(6));
    lru.set('b', Buffer.alloc(4));
    expect(lru.totalWeight).toBe(10);
    lru.set('c', Buffer.alloc(3));
    expect(lru.has('a')).toBe(false);
    expect(lru.totalWeight).toBe(7);
    lru.set('huge', Buffer.alloc(11));
    expect(lru.has('huge')).toBe(false);
    lru.set('b', Buffer.alloc(1));
    expect(lru.totalWeight).toBe(4);
  });
});
