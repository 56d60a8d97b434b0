import 'server-only';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml, type SanitizeOptions } from './sanitize';

// The sanitizer is checked the way a browser would see its output: the output is parsed again
// (as the iframe's srcdoc would be), serialized and parsed once more (mutation XSS), and every
// element, attribute and stylesheet is inspected. String checks come on top, not instead.

const payloads = readFileSync(new URL('./fixtures/xss-payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'));

const CID_PREFIX = '/api/cid/';
const blocked: SanitizeOptions = { allowRemote: false, cidUrl: (cid) => (cid === 'logo' ? `${CID_PREFIX}${encodeURIComponent(cid)}` : null) };
const remote: SanitizeOptions = { ...blocked, allowRemote: true };

const { window } = new JSDOM('<!DOCTYPE html>');
const asDocument = (fragment: string): Document =>
  new window.DOMParser().parseFromString(`<!DOCTYPE html><html><head></head><body>${fragment}</body></html>`, 'text/html');

const FORBIDDEN_TAGS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea',
  'meta', 'base', 'link', 'svg', 'math', 'noscript', 'template', 'video', 'audio', 'source', 'track', 'portal',
  'isindex', 'keygen', 'bgsound', 'xmp', 'plaintext', 'noembed', 'noframes', 'image', 'use', 'foreignobject',
]);
const FORBIDDEN_ATTRS = new Set([
  'srcset', 'background', 'action', 'formaction', 'ping', 'poster', 'lowsrc', 'dynsrc', 'xlink:href', 'srcdoc', 'data',
  'codebase', 'manifest', 'longdesc', 'http-equiv', 'form',
]);
const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif)[;,]/i;

// What a URL parser would make of a value: control characters and whitespace are stripped.
const squash = (value: string): string => value.replace(/[\x00-\x20\x7f]+/g, '').toLowerCase();

function cssProblems(css: string, allowRemote: boolean): string[] {
  const problems: string[] = [];
  const decoded = css
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16) || 0xfffd, 0x10ffff)))
    .replace(/\\(.)/g, '$1')
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '');
  const flat = squash(decoded);
  const dangerous = /(^|[^a-z0-9_-])(expression\(|-moz-binding|behavior:)|@import|(java|vb|live)script:/;
  if (dangerous.test(flat)) problems.push(`css has ${dangerous.exec(flat)?.[0]}`);
  if (/(^|[^a-z0-9_-])(-webkit-)?image-set\(/.test(flat) || /(^|[^a-z0-9_-])image\(/.test(flat)) problems.push('css image-set()/image()');
  for (const m of decoded.matchAll(/url\s*\(\s*(["']?)([^"')]*)/gi)) {
    const target = squash(m[2] ?? '');
    const ok = target.startsWith(CID_PREFIX) || SAFE_DATA_IMAGE.test(target) || (allowRemote && /^https?:\/\//.test(target));
    if (!ok) problems.push(`css url(${target})`);
  }
  return problems;
}

function domProblems(doc: Document, allowRemote: boolean): string[] {
  const problems: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.localName.toLowerCase();
    if (FORBIDDEN_TAGS.has(tag)) problems.push(`<${tag}>`);
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`foreign element ${tag}`);
    if (tag === 'style') problems.push(...cssProblems(el.textContent ?? '', allowRemote));
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = squash(attr.value);
      if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
      if (FORBIDDEN_ATTRS.has(name)) problems.push(`${tag}[${name}]`);
      if (/(?:java|vb|live)script:/.test(value)) problems.push(`${tag}[${name}] script URL`);
      if (name === 'href' && (!['a', 'area'].includes(tag) || !/^(https?:|mailto:)/.test(value))) problems.push(`${tag}[href=${value}]`);
      if (name === 'src') {
        const ok = tag === 'img' && (value.startsWith(CID_PREFIX) || SAFE_DATA_IMAGE.test(value) || (allowRemote && /^https?:\/\//.test(value)));
        if (!ok) problems.push(`${tag}[src=${value}]`);
      }
      if (name === 'style') problems.push(...cssProblems(attr.value, allowRemote));
      if (name.startsWith('data-') && /url|https?:/.test(value)) problems.push(`${tag}[${name}] carries a URL`);
    }
    if (tag === 'a' && el.hasAttribute('href') && (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer')) {
      problems.push('link without target/rel');
    }
  }
  return problems;
}

function stringProblems(html: string): string[] {
  return ['<script', '<iframe', '<object', '<embed', '<form', '<meta', '<base', '<link', '<svg', '<math'].filter((s) => html.toLowerCase().includes(s));
}

function check(html: string, opts: SanitizeOptions): string[] {
  const out = sanitizeEmailHtml(html, opts).html;
  const once = asDocument(out);
  const twice = asDocument(once.body.innerHTML);
  return [...stringProblems(out), ...domProblems(once, opts.allowRemote), ...domProblems(twice, opts.allowRemote)];
}

const wrap = (payload: string): string =>
  `<!DOCTYPE html><html><head><title>Newsletter</title><style>p{color:#333}</style></head><body><p>before</p>${payload}<p>after</p></body></html>`;

describe('XSS corpus', () => {
  it('has at least 200 distinct payloads', () => {
    expect(new Set(payloads).size).toBe(payloads.length);
    expect(payloads.length).toBeGreaterThanOrEqual(200);
  });

  it.each(payloads.map((p, i) => [i + 1, p] as const))('payload %i is neutralized: %s', (_n, payload) => {
    expect(check(payload, blocked), payload).toEqual([]);
    expect(check(wrap(payload), blocked), payload).toEqual([]);
    expect(check(wrap(payload), remote), payload).toEqual([]);
  });
});
