import 'server-only';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml, type SanitizeOptions } from './sanitize';

const cidUrl = (cid: string): string | null => (cid === 'logo@x' ? '/api/cid/logo%40x' : null);
const blocked: SanitizeOptions = { allowRemote: false, cidUrl };
const allowed: SanitizeOptions = { allowRemote: true, cidUrl };

const newsletter = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Digest</title>
<style type="text/css">
  body { margin: 0; font-family: Helvetica, Arial, sans-serif; }
  .hero { background: #fafafa url(https://cdn.example.org/hero.jpg) no-repeat; }
  table.main > tbody > tr > td { padding: 8px; }
  @media only screen and (max-width: 600px) { .col { width: 100% !important; } }
</style></head>
<body bgcolor="#eeeeee"><table class="main" width="600" cellpadding="0" cellspacing="0" align="center"><tbody><tr>
<td class="hero" style="color: #333333; font-size: 16px; background-image: url('https://cdn.example.org/bg.png')">
<h1 style="margin:0">Hello</h1><img src="cid:logo@x" alt="Logo" width="120"><img src="https://cdn.example.org/photo.jpg" alt="Photo">
<p>Read <a href="https://news.example.org/a?x=1&amp;y=2">the article</a> or <a href="mailto:editor@example.org">write to us</a>.</p>
<img src="https://t.example.org/open.gif?u=1" width="1" height="1" alt=""></td></tr></tbody></table></body></html>`;

describe('sanitizeEmailHtml keeps mail readable', () => {
  it('keeps layout: style blocks, media queries, classes, tables and inline colours', () => {
    const { html } = sanitizeEmailHtml(newsletter, blocked);
    expect(html).toContain('@media only screen and (max-width: 600px)');
    expect(html).toContain('table.main > tbody > tr > td { padding: 8px; }');
    expect(html).toContain('class="hero"');
    expect(html).toContain('color: #333333; font-size: 16px');
    expect(html).toContain('<table class="main" width="600"');
    expect(html).not.toContain('<title');
  });

  it('blocks remote images and CSS images unless allowed, and says so', () => {
    const off = sanitizeEmailHtml(newsletter, blocked);
    expect(off.hasRemoteContent).toBe(true);
    expect(off.html).not.toMatch(/https:\/\/cdn\.example\.org|t\.example\.org/);
    expect(off.html).toContain('background: #fafafa none no-repeat');
    expect(off.html).toContain('<img src="/api/cid/logo%40x" alt="Logo" width="120">');
    expect(off.html).toContain('<img alt="Photo">');

    const on = sanitizeEmailHtml(newsletter, allowed);
    expect(on.hasRemoteContent).toBe(false);
    expect(on.html).toContain('<img src="https://cdn.example.org/photo.jpg" alt="Photo">');
    expect(on.html).toContain('url("https://cdn.example.org/hero.jpg")');
    expect(on.html).toContain('https://t.example.org/open.gif?u=1');
  });

  it('counts a lone tracking pixel as remote content', () => {
    const r = sanitizeEmailHtml('<p>Hi</p><img src="https://t.example/p.gif" width="1" height="1">', blocked);
    expect(r.hasRemoteContent).toBe(true);
    expect(r.html).toBe('<p>Hi</p><img width="1" height="1">');
    expect(sanitizeEmailHtml('<p>Hi</p>', blocked).hasRemoteContent).toBe(false);
  });

  it('drops relative and unknown cid: images without calling them remote', () => {
    const r = sanitizeEmailHtml('<img src="/api/logout"><img src="cid:other@x"><img src="pixel.gif">', blocked);
    expect(r.html).toBe('<img><img><img>');
    expect(r.hasRemoteContent).toBe(false);
  });

  it('opens links outside the viewer and keeps only http(s) and mailto', () => {
    const { html } = sanitizeEmailHtml(
      '<a href="https://a.example/">a</a><a href="mailto:x@example.org">m</a><a href="javascript:alert(1)">j</a><a href="#top">t</a><a href="tel:123">p</a>',
      blocked,
    );
    expect(html).toBe(
      '<a href="https://a.example/" target="_blank" rel="noopener noreferrer">a</a>' +
        '<a href="mailto:x@example.org" target="_blank" rel="noopener noreferrer">m</a>' +
        '<a target="_blank" rel="noopener noreferrer">j</a><a target="_blank" rel="noopener noreferrer">t</a>' +
        '<a target="_blank" rel="noopener noreferrer">p</a>',
    );
  });

  it('cannot be talked out of a <style> element by CSS escapes', () => {
    const { html } = sanitizeEmailHtml('<style>a{content:"\\3c /style\\3e \\3c img src=x onerror=alert(1)\\3e "}</style><p>x</p>', blocked);
    expect(html).not.toMatch(/<\/style><img/i);
    expect(html).toContain('\\3c /style>');
  });

  it('keeps hook state per call: options never leak between calls', () => {
    const remoteImg = '<img src="https://cdn.example.org/a.png">';
    expect(sanitizeEmailHtml(remoteImg, allowed).html).toContain('https://cdn.example.org/a.png');
    expect(sanitizeEmailHtml(remoteImg, blocked).html).toBe('<img>');
    expect(sanitizeEmailHtml(remoteImg, allowed).html).toContain('https://cdn.example.org/a.png');
    const otherCid = sanitizeEmailHtml('<img src="cid:logo@x">', { allowRemote: false, cidUrl: () => '/other' });
    expect(otherCid.html).toBe('<img src="/other">');
  });

  it('uses its own DOMPurify instance: hooks on the shared one do not apply, ours do not leak', () => {
    const DOMPurify = createDOMPurify(new JSDOM('<!DOCTYPE html>').window);
    const shared = DOMPurify.sanitize('<a href="https://a.example/">a</a>');
    expect(shared).toBe('<a href="https://a.example/">a</a>');
    DOMPurify.addHook('afterSanitizeAttributes', (node) => node.setAttribute('data-shared-hook', '1'));
    try {
      expect(sanitizeEmailHtml('<p>x</p>', blocked).html).toBe('<p>x</p>');
    } finally {
      DOMPurify.removeAllHooks();
    }
  });

  it('shows hostile or huge HTML as plain text instead of parsing it', () => {
    const t = performance.now();
    const deep = sanitizeEmailHtml(`${'<div>'.repeat(100_000)}deep text<script>alert(1)</script>`, blocked);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(deep.simplified).toMatch(/nests deeper/);
    expect(deep.html).toContain('deep text');
    expect(deep.html).not.toContain('<script');
    const huge = sanitizeEmailHtml(`<p>${'a'.repeat(5 * 1024 * 1024)}</p>`, blocked);
    expect(huge.simplified).toMatch(/larger than/);
    expect(huge.html.startsWith('<pre')).toBe(true);
  });
});

describe('remote references after Show', () => {
  it('go through the referrer-free redirect when one is given: img src and every CSS url()', () => {
    const remoteUrl = (u: string) => `/r?u=${encodeURIComponent(u)}`;
    const { html } = sanitizeEmailHtml(newsletter, { ...allowed, remoteUrl });
    expect(html).not.toMatch(/["(]https:\/\/(cdn|t)\.example\.org/);
    expect(html).toContain(`<img src="/r?u=${encodeURIComponent('https://cdn.example.org/photo.jpg')}" alt="Photo">`);
    expect(html).toContain(`url("/r?u=${encodeURIComponent('https://cdn.example.org/hero.jpg')}")`);
    expect(html).toContain(`url(&quot;/r?u=${encodeURIComponent('https://cdn.example.org/bg.png')}&quot;)`);
    // Blocked stays blocked, cid: stays on its own route.
    const off = sanitizeEmailHtml(newsletter, { ...blocked, remoteUrl });
    expect(off.html).not.toContain('/r?u=');
    expect(off.html).toContain('/api/cid/logo%40x');
  });
});
