import { describe, expect, it } from 'vitest';
import { generateCorpus } from '@/scripts/corpus/generate';
import { DEFAULT_LIMITS } from './limits';
import { fuzzMime } from './testing/fuzz';

// SESAME_MIME_FUZZ_COUNT sets the count; `npm run bench -- --full` runs 10,000.
const COUNT = Number(process.env.SESAME_MIME_FUZZ_COUNT ?? 1000);

describe('MIME fuzzing', () => {
  it(`${COUNT} mutated corpus messages through parse, sanitize, render, summary and extract: no crash, bounded time`, async () => {
    const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false }).map((m) => m.eml);
    const stats = await fuzzMime(corpus, COUNT);
    expect(stats.crashSamples).toEqual([]);
    expect(stats.crashes).toBe(0);
    // Each message is cut off by the parser's own deadline, not by luck.
    expect(stats.maxMs).toBeLessThan(DEFAULT_LIMITS.timeoutMs * 2);
  }, 600_000);
});
