import { describe, expect, it } from 'vitest';
import { fuzzEnvelope } from './testing/fuzz';

// SESAME_FUZZ_COUNT sets the count; `npm run bench -- --full` runs 10,000.
const COUNT = Number(process.env.SESAME_FUZZ_COUNT ?? 2000);

describe('envelope fuzzing', () => {
  it(`${COUNT} mutated objects: no crash, no leak, only typed errors or the exact plaintext`, async () => {
    const stats = await fuzzEnvelope(COUNT);
    expect(stats.tried).toBe(COUNT);
    expect(stats.crashes).toBe(0);
    expect(stats.leaks).toBe(0);
    expect(stats.wrongPlaintext).toBe(0);
    expect(stats.typed).toBeGreaterThan(COUNT / 2);
  }, 300_000);
});
