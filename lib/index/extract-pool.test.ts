import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '@/scripts/corpus/generate';
import { BlindHasher, IndexKeys } from './crypto';
import { indexedRow } from './extract';
import { createExtractPool, ExtractError, indexedRowOffThread } from './extract-pool';
import { probeEventLoop } from '@/lib/worker-pool/testing/event-loop';

// The indexer parses and hashes each message in a worker thread (lib/index/extract-worker.ts):
// these run the real worker and show the rows are the ones made in-process, that a heavy message
// leaves the event loop free, and that one over the time limit fails (its row) without harm.

const keys = new IndexKeys(randomBytes(32));

// ~2 MB of HTML with 20,000+ distinct words: htmlToText, word splitting and the full MAX_WORDS
// of HMACs, seconds of synchronous work on this machine in-process.
function heavyMessage(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`<p class="c${i % 7}">word${i}q <b>bold${i % 100}</b> <i>x</i></p>`);
  return Buffer.from(
    ['From: Heavy <heavy@example.com>', 'To: inbox@example.com', 'Subject: A heavy one', 'Message-ID: <heavy@example.com>', 'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', ...lines, ''].join('\r\n'),
  );
}

const pool = createExtractPool({ threads: 2, timeoutMs: 120_000 });

beforeAll(async () => {
  // Both threads' start-up (seconds under load, with tsx compiling the sources) before any timing.
  pool.warm();
  const deadline = Date.now() + 90_000;
  while (pool.started < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}, 100_000);

afterAll(() => pool.close());

describe('indexedRowOffThread', () => {
  it('makes the same rows as indexedRow in-process, for the corpus and the fixtures', async () => {
    expect(pool.started).toBe(2);
    const corpus = generateCorpus({ baseDate: new Date('2026-01-01T00:00:00Z'), includeLarge: false }).map((m) => ({ name: m.name, eml: m.eml }));
    const dir = new URL('../mime/fixtures/', import.meta.url);
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.eml'))) corpus.push({ name: f, eml: await readFile(new URL(f, dir)) });
    expect(corpus.length).toBeGreaterThan(50);
    let withTokens = 0;
    for (const m of corpus) {
      const before = Buffer.from(m.eml);
      const here = await indexedRow(m.eml, keys, true);
      const there = await indexedRowOffThread(m.eml, keys, true, pool);
      expect(there, m.name).toEqual(here);
      // The caller's bytes are left as they were (the indexer zeroes its own after the row).
      expect(m.eml.equals(before), m.name).toBe(true);
      if (there.tokens.length > 3) withTokens++;
    }
    expect(withTokens).toBeGreaterThan(50);
  });

  it('hashes in the thread with the two blind-index keys alone, as IndexKeys does', () => {
    const blind = new BlindHasher(keys.blindKeys());
    expect(blind.token('b', 'hello')).toBe(keys.token('b', 'hello'));
    expect(blind.threadHash('id', 'a@b')).toBe(keys.threadHash('id', 'a@b'));
    expect(new BlindHasher(new IndexKeys(randomBytes(32)).blindKeys()).token('b', 'hello')).not.toBe(keys.token('b', 'hello'));
  });

  it('keeps the event loop free while a heavy message is indexed', async () => {
    expect(pool.started).toBe(2);
    const heavy = heavyMessage();
    const probe = probeEventLoop();
    const started = performance.now();
    let heavyDoneAt = 0;
    const big = indexedRowOffThread(heavy, keys, false, pool).then((r) => ((heavyDoneAt = performance.now()), r));
    await new Promise((r) => setTimeout(r, 50));
    const small = await indexedRowOffThread(Buffer.from('From: a@example.com\r\nSubject: small\r\n\r\nsmall body\r\n'), keys, false, pool);
    const smallDoneAt = performance.now();
    const row = await big;
    const { ticks, worstGap } = probe.stop();
    const took = heavyDoneAt - started;
    expect(small.tokens).toContain(keys.token('b', 'small'));
    expect(row.tokens.length).toBeGreaterThanOrEqual(20_000);
    expect(row.tokens).toContain(keys.token('b', 'word15000q'));
    expect(row.threadId).toBe(keys.threadHash('id', 'heavy@example.com'));
    // The heavy one takes a while; the small one and the timer were not held up by it. In-process
    // the timer would not fire once until the heavy one is done.
    console.log(`heavy message: ${Math.round(took)} ms in its thread, worst timer gap ${Math.round(worstGap)} ms, ${ticks} ticks`);
    expect(took).toBeGreaterThan(300);
    expect(smallDoneAt).toBeLessThan(heavyDoneAt);
    expect(took).toBeGreaterThan(3 * worstGap);
    expect(ticks).toBeGreaterThan((took / 10) * 0.25);
    expect(worstGap).toBeLessThan(1000);
  }, 120_000);

  it('fails a message over the time limit with a clear error, and indexes the next one', async () => {
    const quick = createExtractPool({ threads: 1, timeoutMs: 100 });
    try {
      quick.warm();
      const deadline = Date.now() + 90_000;
      while (quick.started < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const heavy = heavyMessage();
      const err = await indexedRowOffThread(heavy, keys, false, quick).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExtractError);
      expect((err as Error).message).toMatch(/took longer than/);
      // A fresh thread for the next message (its start-up is not timed).
      const next = await indexedRowOffThread(Buffer.from('From: a@example.com\r\nSubject: next\r\n\r\nafter\r\n'), keys, false, quick);
      expect(next.tokens).toContain(keys.token('s', 'next'));
    } finally {
      await quick.close();
    }
  }, 120_000);
});
