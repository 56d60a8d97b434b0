import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe } from 'vitest';
import { TextBody } from '@/components/mail/TextBody';
import { linkSegments } from '@/lib/linkify/links';
import { itRunsInLinearTime, nested, punctuationRuns, repeatTo, type LinearCase } from './testing/linear';
import { textToHtml } from './text-to-html';

// Issue 10, finding 1: a URL followed by 50,000 ")" took 35 s to render. Text→HTML for the
// sandboxed view, the linkifier under it and the Text tab's TextBody run in time linear in their
// input, on runs of every punctuation character, nesting, long lines and many links.

const cases = <I>(list: Array<[string, (n: number) => I]>): LinearCase<I>[] => list.map(([name, make]) => ({ name, make }));

describe('text → HTML and the linkifier', () => {
  const pathological = [
    ...punctuationRuns((run) => `see https://example.org/a${run} end`, 'after a URL'),
    ...punctuationRuns((run) => `(https://example.org/${run}) www.example.org/${run} mailto:a@example.org${run}`, 'inside links'),
    ...punctuationRuns((run) => run, 'alone'),
    ...cases([
      ['many links', (n) => repeatTo('https://a.example/x ', n)],
      ['many links without spaces', (n) => repeatTo('https://a.example/x,', n)],
      ['many bare schemes', (n) => repeatTo('http://', n)],
      ['many www. prefixes', (n) => repeatTo('www.', n)],
      ['many www. links', (n) => repeatTo('www.a.example ', n)],
      ['many mailto: prefixes', (n) => repeatTo('mailto:', n)],
      ['many fuzzy domains', (n) => repeatTo('a.co/', n)],
      ['many addresses', (n) => repeatTo('a@b.co ', n)],
      ['deeply nested brackets in a URL', (n) => `https://example.org/${nested('(', ')', n)}`],
      ['deeply nested mixed brackets in a URL', (n) => `https://example.org/${nested('([{', '}])', n)}`],
      ['a very long URL', (n) => `https://example.org/${'a'.repeat(n)}`],
      ['a very long host', (n) => `https://${repeatTo('a.', n)}com/`],
      ['a very long line of words', (n) => repeatTo('word ', n)],
      ['many short lines', (n) => repeatTo('a\n', n)],
      ['markup to escape', (n) => repeatTo('<&>"\'', n)],
    ]),
  ];
  itRunsInLinearTime('textToHtml', pathological, (text: string) => textToHtml(text));
  itRunsInLinearTime('linkSegments', pathological, (text: string) => linkSegments(text));
  itRunsInLinearTime(
    'TextBody',
    punctuationRuns((run) => `see https://example.org/a${run} end`, 'after a URL'),
    (text: string) => renderToStaticMarkup(createElement(TextBody, { text })),
  );
});
