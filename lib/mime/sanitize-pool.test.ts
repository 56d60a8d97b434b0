import { describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS } from './sanitize';
import { createSanitizePool, sanitizeOffThread } from './sanitize-pool';
import { probeEventLoop } from '@/lib/worker-pool/testing/event-loop';

// The server sanitizes in worker threads: these run the real worker (lib/mime/sanitize-worker.ts)
// and show that a heavy message neither blocks the event loop nor holds up a small one, and that
// one over the time limit is stopped and shown as text with a note.

const opts = { allowRemote: false, cidPrefix: '/api/mailboxes/m/messages/1/cid/' };
// 512 KiB of tiny elements: seconds of DOMPurify work, under the input cap.
const heavy = '<b>x</b>'.repeat(Math.floor((512 * 1024) / 8));

describe('sanitizeOffThread', () => {
  it('sanitizes in a worker thread with the same result as in-process', async () => {
    const pool = createSanitizePool({ threads: 1, timeoutMs: 30_000 });
    try {
      const out = await sanitizeOffThread('<p onclick="x()">Hi <img src="cid:logo@x"><img src="https://t.example/p.gif"><script>alert(1)</script></p>', opts, pool);
      expect(out.html).toBe('<p>Hi <img src="/api/mailboxes/m/messages/1/cid/logo%40x"><img></p>');
      expect(out.hasRemoteContent).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('keeps the event loop free while a heavy message is sanitized, and a small one passes it', async () => {
    const pool = createSanitizePool({ threads: 2, timeoutMs: 60_000 });
    try {
      // Both threads' jsdom start-up (seconds under load) before the clock starts; otherwise the
      // small one could wait for its thread's start-up longer than the heavy one takes.
      pool.warm();
      const deadline = Date.now() + 60_000;
      while (pool.started < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(pool.started).toBe(2);
      const probe = probeEventLoop();
      const started = performance.now();
      let heavyDoneAt = 0;
      const big = sanitizeOffThread(heavy, opts, pool).then((r) => ((heavyDoneAt = performance.now()), r));
      await new Promise((r) => setTimeout(r, 50));
      const small = await sanitizeOffThread('<p>small</p>', opts, pool);
      const smallDoneAt = performance.now();
      const bigOut = await big;
      const { ticks, worstGap } = probe.stop();
      expect(small.html).toBe('<p>small</p>');
      expect(bigOut.simplified).toBeUndefined();
      expect(bigOut.html.length).toBeGreaterThan(1000);
      // The heavy one takes seconds; the small one and the timer were not held up by it.
      expect(heavyDoneAt - started).toBeGreaterThan(300);
      expect(smallDoneAt).toBeLessThan(heavyDoneAt);
      // In-process, the timer would not fire once until the heavy one is done (seconds).
      expect(heavyDoneAt - started).toBeGreaterThan(3 * worstGap);
      expect(ticks).toBeGreaterThan(((heavyDoneAt - started) / 10) * 0.25);
      expect(worstGap).toBeLessThan(1000);
    } finally {
      await pool.close();
    }
  });

  it('stops a sanitize over the time limit and shows the text with a note', async () => {
    const pool = createSanitizePool({ threads: 1, timeoutMs: 200 });
    try {
      pool.warm();
      const t = performance.now();
      const out = await sanitizeOffThread(`${heavy}<script>alert(1)</script>`, opts, pool);
      expect(performance.now() - t).toBeLessThan(20_000); // start-up (seconds under load) + 200 ms
      expect(out.simplified).toMatch(/took longer than/);
      expect(out.html.startsWith('<pre')).toBe(true);
      expect(out.html).not.toContain('<script');
      expect(out.html).not.toContain('<b>');
      // The pool starts a fresh thread for the next message (its start-up is not timed).
      expect((await sanitizeOffThread('<i>ok</i>', opts, pool)).html).toBe('<i>ok</i>');
    } finally {
      await pool.close();
    }
  });

  it('turns away HTML over the input cap at once, without a thread', async () => {
    const pool = createSanitizePool({ threads: 1, timeoutMs: 1 });
    try {
      const out = await sanitizeOffThread(`<p>${'a'.repeat(MAX_HTML_CHARS)}</p>`, opts, pool);
      expect(out.simplified).toMatch(/larger than/);
    } finally {
      await pool.close();
    }
  });
});
