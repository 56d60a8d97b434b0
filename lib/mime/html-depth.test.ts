import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './html-depth';

const times = (s: string, n: number) => s.repeat(n);

describe('nestsDeeperThan', () => {
  it('counts plain nesting', () => {
    expect(nestsDeeperThan(times('<div>', 300), 256)).toBe(true);
    expect(nestsDeeperThan(times('<div>x</div>', 10_000), 256)).toBe(false);
  });

  it('keeps long runs of implicitly closed list items flat, as the parser does', () => {
    expect(nestsDeeperThan(`<ul>${times('<li>a', 5_000)}</ul>`, 256)).toBe(false);
    expect(nestsDeeperThan(`<dl>${times('<dt>a<dd>b', 5_000)}</dl>`, 256)).toBe(false);
    // Unclosed inline elements inside an item are closed with it.
    expect(nestsDeeperThan(`<ul>${times('<li><b>a', 5_000)}</ul>`, 256)).toBe(false);
    expect(nestsDeeperThan(`<ul>${times('<li><p>a', 5_000)}</ul>`, 256)).toBe(false);
  });

  it('sees that interleaved <li> and <dt> nest without end (each stops the other closing)', () => {
    expect(nestsDeeperThan(times('<li>a<dt>b', 200), 256)).toBe(true);
    expect(nestsDeeperThan(times('<dd>a<li>b', 200), 256)).toBe(true);
  });

  it('an item inside a nested list does not close the outer item', () => {
    expect(nestsDeeperThan(times('<ul><li>a', 200), 256)).toBe(true);
  });
});
