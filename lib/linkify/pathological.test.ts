import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TextBody } from '@/components/mail/TextBody';
import { textToHtml } from '@/lib/mime/text-to-html';

// Issue 10, finding 1: a URL followed by tens of thousands of closing brackets used to take
// seconds (tens of seconds at 100,000) in both renderings of a text part.
const RUNS = [')', ']', '}', '>', '.', ',', '!', '?', "'", '"', '(', '*'];

// Wall time on purpose: it is what a reader waits. The old code took 35 s for ")"; 1 s leaves
// room for a loaded machine.
function ms(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

describe('a URL followed by a long run of punctuation', () => {
  for (const c of RUNS) {
    const text = `see https://example.org/a${c.repeat(50_000)} end`;
    it(`renders ${JSON.stringify(c)} × 50,000 quickly, on the server and in TextBody`, () => {
      expect(ms(() => textToHtml(text))).toBeLessThan(1000);
      expect(ms(() => renderToStaticMarkup(createElement(TextBody, { text })))).toBeLessThan(1000);
    });
  }
});
