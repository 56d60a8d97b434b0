import 'server-only';
import { describe, expect, it } from 'vitest';
import { textToHtml } from './text-to-html';

const inner = (text: string): string => textToHtml(text).replace(/^<pre[^>]*>|<\/pre>$/g, '');

describe('textToHtml', () => {
  it('escapes everything and keeps the text layout', () => {
    expect(inner('<script>alert("x")</script> & \'q\'')).toBe('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;');
    expect(textToHtml('a\n  b')).toMatch(/^<pre style="white-space: pre-wrap;[^"]*">a\n {2}b<\/pre>$/);
  });

  it('links http(s) URLs, leaving sentence punctuation outside', () => {
    expect(inner('See https://example.org/a?b=1&c=2.')).toBe(
      'See <a href="https://example.org/a?b=1&#38;c=2" target="_blank" rel="noopener noreferrer">https://example.org/a?b=1&#38;c=2</a>.',
    );
    expect(inner('(https://en.wikipedia.org/wiki/Foo_(bar))')).toBe(
      '(<a href="https://en.wikipedia.org/wiki/Foo_(bar)" target="_blank" rel="noopener noreferrer">https://en.wikipedia.org/wiki/Foo_(bar)</a>)',
    );
  });

  it('does not link other schemes or bare prefixes', () => {
    expect(inner('javascript:alert(1) ftp://x.example http://')).toBe('javascript:alert(1) ftp://x.example http://');
    expect(inner('x"https://a.example/"onmouseover=1')).not.toContain('onmouseover=1"');
  });

  it('links mailto: and www. the same way as the Text tab', () => {
    expect(inner('mailto:a@example.org or www.example.org.')).toBe(
      '<a href="mailto:a@example.org" target="_blank" rel="noopener noreferrer">mailto:a@example.org</a> or ' +
        '<a href="https://www.example.org" target="_blank" rel="noopener noreferrer">www.example.org</a>.',
    );
  });
});
