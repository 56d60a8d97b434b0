import 'server-only';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './html-depth';
import { decodeEntities, htmlToText } from './html-text';

describe('htmlToText', () => {
  it('drops head, styles, scripts, comments and tags, and decodes entities', () => {
    expect(htmlToText('<html><head><title>T</title><style>p{x:y}</style></head><body><!-- c --><p>A&amp;B&nbsp;&#8212;&#x2603;</p><script>x()</script><p>next</p></body></html>'))
      .toBe('A&B —☃ next');
  });

  it('drops an element cut off at the end and invisible preheader padding', () => {
    expect(htmlToText('<p>Hello</p><a href="https://exa')).toBe('Hello');
    expect(htmlToText('<div>Preheader&zwnj;&nbsp;&zwnj;&nbsp;\u034f\u200c</div><p>Body</p>')).toBe('Preheader Body');
    expect(htmlToText('<style>p{}')).toBe('');
  });

  it('leaves unknown or broken entities alone', () => {
    expect(decodeEntities('&bogus; &#xD800; &#0; &amp')).toBe('&bogus;   &');
  });
});

describe('nestsDeeperThan', () => {
  it('counts real nesting, not void elements, implied ends or closed siblings', () => {
    expect(nestsDeeperThan('<div>'.repeat(300), 256)).toBe(true);
    expect(nestsDeeperThan('<div></div>'.repeat(10_000), 256)).toBe(false);
    expect(nestsDeeperThan('<p>x'.repeat(10_000) + '<br>'.repeat(10_000), 256)).toBe(false);
    expect(nestsDeeperThan('<table><tr><td>x'.repeat(200), 256)).toBe(false);
    expect(nestsDeeperThan('<!--' + '<div>'.repeat(300) + '-->', 256)).toBe(false);
    expect(nestsDeeperThan(`${'<b><i>'.repeat(100)}${'</b>'.repeat(100)}`, 150)).toBe(true);
  });
});
