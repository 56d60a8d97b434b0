import { describe } from 'vitest';
import { filterCss, filterStyleSheet, type CssContext } from './css-filter';
import { nestsDeeperThan } from './html-depth';
import { decodeEntities, htmlToText } from './html-text';
import { itRunsInLinearTime, nested, punctuationRuns, repeatTo, type LinearCase } from './testing/linear';

// Issue 10, finding 1, closing the class: the HTML steps between the decoded body and the page
// (html→text for snippets, the HTML depth check, the CSS filter) run in time linear in their
// input. Text→HTML is in linear-text.test.ts; the sanitizer has its own tests.

const cases = <I>(list: Array<[string, (n: number) => I]>): LinearCase<I>[] => list.map(([name, make]) => ({ name, make }));

describe('html → text (snippets)', () => {
  itRunsInLinearTime(
    'htmlToText',
    [
      ...punctuationRuns((run) => `<p title="${run}">${run}</p>`),
      ...cases([
        ['unclosed <br', (n) => repeatTo('<br', n)],
        ['unclosed </p', (n) => repeatTo('</p', n)],
        ['unclosed tags', (n) => repeatTo('<a ', n)],
        ['unclosed comments', (n) => repeatTo('<!--', n)],
        ['many comments', (n) => repeatTo('<!-- a -->', n)],
        ['unclosed <style', (n) => repeatTo('<style', n)],
        ['many style elements', (n) => repeatTo('<style>a</style >', n)],
        ['near-miss closing tags', (n) => `<style>${repeatTo('</style ', n)}`],
        ['many entities', (n) => repeatTo('&amp;&#233;&#x20AC;&hellip;', n)],
        ['near-miss entities', (n) => repeatTo('&#&#x&abcdefghij', n)],
        ['deep nesting', (n) => nested('<div>', '</div>', n)],
        ['invisible characters', (n) => repeatTo('\u200b\u00ad \t\n', n)],
      ]),
    ],
    (html: string) => htmlToText(html),
  );
  itRunsInLinearTime('decodeEntities', punctuationRuns((run) => `&${run};&#${run}`), (text: string) => decodeEntities(text));
});

describe('HTML nesting depth check', () => {
  // No limit: the whole input is walked.
  const deeper = (html: string) => nestsDeeperThan(html, Number.MAX_SAFE_INTEGER);
  itRunsInLinearTime(
    'nestsDeeperThan',
    [
      ...punctuationRuns((run) => `<div title="${run}">${run}</div>`),
      ...cases([
        ['deep nesting', (n) => nested('<div>', '</div>', n)],
        ['deep nesting of distinct names', (n) => Array.from({ length: Math.ceil(n / 10) }, (_, i) => `<x${i}>`).join('') + '</x0>'],
        ['many closings of the outermost', (n) => `${repeatTo('<a><b>', n / 2)}${repeatTo('</a>', n / 2)}`],
        ['closings of elements never opened', (n) => repeatTo('</span>', n)],
        ['tags without ">"', (n) => `${repeatTo('<a', n)}>`],
        ['many comments', (n) => repeatTo('<!--x-->', n)],
        ['void and implied-end elements', (n) => repeatTo('<br><p><li><img>', n)],
      ]),
    ],
    deeper,
  );
});

describe('CSS filter', () => {
  const ctx: CssContext = { allowRemote: false, cidUrl: () => null, onRemoteBlocked: () => {} };
  const css = [
    ...punctuationRuns((run) => run, 'alone'),
    ...punctuationRuns((run) => `a{background:url(${run}`, 'in url('),
    ...cases([
      ['deeply nested blocks', (n) => nested('{', '}', n)],
      ['deeply nested brackets', (n) => nested('([', '])', n)],
      ['unclosed comments', (n) => repeatTo('/*', n)],
      ['many comments', (n) => repeatTo('a/**/', n)],
      ['comments hiding url(', (n) => repeatTo('u/**/r/**/l(', n)],
      ['many url(', (n) => repeatTo('url(', n)],
      ['many quoted url(', (n) => repeatTo('url("x")', n)],
      ['unclosed quotes in url(', (n) => repeatTo('url("', n)],
      ['many cid: and remote urls', (n) => repeatTo('b:url(cid:x);c:url(https://x.example/a);', n)],
      ['many hex escapes', (n) => repeatTo('\\75 \\72 \\6c (', n)],
      ['escaped line breaks', (n) => repeatTo('\\\n', n)],
      ['many expression(', (n) => repeatTo('expression  (', n)],
      ['near-miss expression', (n) => repeatTo('expressio', n)],
      ['many @import', (n) => repeatTo('@import', n)],
      ['near-miss image functions', (n) => repeatTo('-webkit-image-se', n)],
      ['long whitespace before (', (n) => `url${' '.repeat(n)}(x)`],
      ['many javascript:', (n) => repeatTo('javascript   :', n)],
    ]),
  ];
  itRunsInLinearTime('filterCss', css, (text: string) => filterCss(text, ctx));
  itRunsInLinearTime(
    'filterStyleSheet',
    [...css, ...cases([['many <!-- -->', (n) => repeatTo('<!---->', n)], ['many <', (n) => repeatTo('<', n)]])],
    (text: string) => filterStyleSheet(text, ctx),
  );
});
