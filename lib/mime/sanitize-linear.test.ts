import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml, MAX_HTML_ATTRIBUTES, MAX_HTML_DEPTH } from './sanitize';
import { hasElementWithMoreAttributesThan } from './sanitize-prescan';

// Hostile HTML must cost the sanitizer time linear in its size: for each shape below, the cost per
// byte at ten times the size stays within 3x of the cost per byte at the base size. Timings are
// the best of a few runs (the machine is shared); sizes stay under the input cap, nesting and
// attributes per element at their caps, so what is measured is what a worker thread really does.

const opts = { allowRemote: true, cidUrl: (cid: string) => `/cid/${encodeURIComponent(cid)}` };
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function fill(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length)));
}

const shapes: Record<string, (chars: number) => string> = {
  'punctuation and brackets in text': (n) => `<p>${fill(PUNCT + '(((([[[[{{{{<<<<', n)}</p>`,
  'punctuation in an attribute': (n) => `<p title="${fill(PUNCT.replace(/"/g, ''), n)}">x</p>`,
  'brackets in many attributes': (n) => fill(`<a href="https://a.example/((([[[" title="]]])))>>><<<">x</a>`, n),
  'nesting to the depth cap, repeated': (n) => fill(`${'<div>'.repeat(MAX_HTML_DEPTH - 6)}x${'</div>'.repeat(MAX_HTML_DEPTH - 6)}`, n),
  // <li> and <dt> interleaved nest in the parser: the depth check counts them and turns them away.
  'interleaved li and dt': (n) => fill('<li>a<dt>b', n),
  'elements closed implicitly (p, li, option)': (n) => fill('<p>x<p>y<ul><li>a<li>b</ul><select><option>c<option>d</select>', n),
  'one long attribute': (n) => `<img alt="${fill('a', n)}" src="https://a.example/x.png">`,
  'elements at the attribute cap': (n) =>
    fill(`<p ${Array.from({ length: MAX_HTML_ATTRIBUTES - 1 }, (_, i) => `a${i}="${i}"`).join(' ')}>x</p>`, n),
  'a long style block': (n) => `<style>${fill('.a{background:url(https://x.example/a.png) no-repeat;color:red}\n', n)}</style><p>x</p>`,
  'a long style attribute with url()s and escapes': (n) => `<p style="${fill('background:u\\72l(https://x.example/a.png);/**/color:red;', n)}">x</p>`,
  'unterminated url( in a style block': (n) => `<style>.a{background:url(${fill('(((', n)}</style>`,
  'comments and comment-like runs': (n) => fill('<!-- a --><!--<!--<p>--!>x', n),
  'tiny elements': (n) => fill('<b>x</b><i>y</i>', n),
};

function bestOf(k: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < k; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe('the sanitizer runs in time linear in its input', () => {
  sanitizeEmailHtml('<p>warm up</p>', opts);
  const BASE = 24 * 1024;

  it.each(Object.entries(shapes))('%s', (_name, make) => {
    const small = make(BASE);
    const large = make(BASE * 10);
    sanitizeEmailHtml(small, opts); // JIT
    const perByteSmall = bestOf(5, () => sanitizeEmailHtml(small, opts)) / small.length;
    const perByteLarge = bestOf(3, () => sanitizeEmailHtml(large, opts)) / large.length;
    // Never below 5 ms for the base size: below that, timer noise is larger than the signal.
    const floor = 5 / small.length;
    expect(perByteLarge / Math.max(perByteSmall, floor)).toBeLessThanOrEqual(3);
  });

  it('turns away an element with more attributes than the cap, in time linear in its size', () => {
    const attrs = (count: number) => `<p ${Array.from({ length: count }, (_, i) => `a${i}=${i}`).join(' ')}>x</p>`;
    expect(hasElementWithMoreAttributesThan(attrs(MAX_HTML_ATTRIBUTES), MAX_HTML_ATTRIBUTES)).toBe(false);
    expect(hasElementWithMoreAttributesThan(attrs(MAX_HTML_ATTRIBUTES + 1), MAX_HTML_ATTRIBUTES)).toBe(true);
    // Quoted values, including ones holding what looks like attributes or ">", count once.
    expect(hasElementWithMoreAttributesThan(`<p title="${'a=1 '.repeat(1000)}>" alt='x y z'>`, 2)).toBe(false);
    const t = performance.now();
    const out = sanitizeEmailHtml(attrs(100_000), opts);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(out.simplified).toMatch(/more than 256 attributes/);
  });
});
