import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TextBody } from '@/components/mail/TextBody';
import { linkSegments } from './links';

const links = (text: string) => linkSegments(text).filter((s) => s.href !== undefined);

describe('linkSegments', () => {
  it('gives the text back whole, cut into plain and link segments', () => {
    const text = 'a https://x.example/1, b (https://en.wikipedia.org/wiki/Foo_(bar)) c mailto:bob@example.com.';
    expect(linkSegments(text).map((s) => s.text).join('')).toBe(text);
    expect(links(text)).toEqual([
      { text: 'https://x.example/1', href: 'https://x.example/1' },
      { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { text: 'mailto:bob@example.com', href: 'mailto:bob@example.com' },
    ]);
  });

  it('links www. hosts over https, but not bare domains, addresses, IPs, ftp: or //', () => {
    expect(links('see www.example.org/path.')).toEqual([{ text: 'www.example.org/path', href: 'https://www.example.org/path' }]);
    expect(links('example.com bob@example.com 192.0.2.1 ftp://x.example //x.example/a')).toEqual([]);
  });

  it('never links other schemes', () => {
    expect(links('javascript:alert(1) data:text/html,x vbscript:x file:///etc/passwd')).toEqual([]);
    expect(links('HTTPS://X.EXAMPLE/A')).toEqual([{ text: 'HTTPS://X.EXAMPLE/A', href: 'HTTPS://X.EXAMPLE/A' }]);
  });

  it('stops a link at quotes, angle brackets and whitespace', () => {
    expect(links('x"https://a.example/"onmouseover=1 <https://b.example/x>')).toEqual([
      { text: 'https://a.example/', href: 'https://a.example/' },
      { text: 'https://b.example/x', href: 'https://b.example/x' },
    ]);
  });
});

describe('the demo corpus text with links', () => {
  it('links the three URLs and the www. host, not the address', () => {
    const text =
      '- Handbook: https://wiki.example.com/handbook/onboarding\n' +
      '- Expense tool: https://expenses.example.org/login?next=%2Freports\n' +
      '- The slides (www.example.net/slides/q3.pdf) are still a draft.\n' +
      '- Ticket: <https://tracker.example.com/browse/OPS-1482>\n\n' +
      'Mail me at carol.nguyen@example.net if anything 404s.\n';
    expect(links(text).map((s) => s.href)).toEqual([
      'https://wiki.example.com/handbook/onboarding',
      'https://expenses.example.org/login?next=%2Freports',
      'https://www.example.net/slides/q3.pdf',
      'https://tracker.example.com/browse/OPS-1482',
    ]);
  });
});

describe('TextBody', () => {
  it('renders the same links, escaped, opened outside the viewer', () => {
    const html = renderToStaticMarkup(createElement(TextBody, { text: '<b>hi</b> https://x.example/?a=1&b=2.' }));
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt; <a href="https://x.example/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain('>https://x.example/?a=1&amp;b=2</a>.');
  });
});
