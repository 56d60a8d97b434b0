import 'server-only';
import { resolveResourceUrl, type ResourcePolicy } from './resource-url';

// CSS from mail (style attributes and <style> blocks) made unable to load anything or run
// anything, while keeping the layout newsletters depend on. The CSS is first brought to a form
// the browser cannot read differently from us: escapes decoded, every remaining backslash and
// every comment removed. Only then are url() and the other dangerous constructs looked at, so
// "u\72l(", "ur/**/l(" and "\\75rl(" are all seen as what the browser would see.

export type CssContext = ResourcePolicy;

function decodeEscapes(css: string): string {
  return css.replace(/\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(\r\n|[\s\S])/g, (_m, hex: string | undefined, ch: string | undefined) => {
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    return ch === '\n' || ch === '\r\n' || ch === '\r' || ch === '\f' ? '' : (ch ?? '');
  });
}

function normalize(css: string): string {
  let out = decodeEscapes(css).replace(/\\/g, '');
  // Comments can only be removed once no escape can hide their delimiters. They are removed
  // without a trace, so "expr/**/ession(" is caught as what old IE read it as.
  out = out.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  return out.replace(/[\x00-\x08\x0b\x0e-\x1f\x7f]/g, '');
}

// Constructs that run code in old engines, or fetch without url(): neutralized by renaming, which
// leaves a token every browser ignores.
const NEUTRALIZE: Array<[RegExp, string]> = [
  [/expression\s*\(/gi, 'x-expression('],
  [/(?:java|vb|live)script\s*:/gi, 'blocked:'],
  [/-moz-binding/gi, 'x-moz-binding'],
  [/(^|[^a-z0-9_-])behavior\s*:/gi, '$1x-behavior:'],
  // Remote stylesheets are never loaded, allowed or not: the whole rule goes.
  [/@import[^;]*;?/gi, ''],
  [/(^|[^a-z0-9_-])((?:-webkit-)?image-set|image|src|cross-fade)\s*\(/gi, '$1x-$2('],
];

function quoteUrl(url: string): string {
  return `url("${url.replace(/["\\\n\r<]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}")`;
}

function rewriteTarget(raw: string, ctx: CssContext): string {
  const url = resolveResourceUrl(raw.trim().replace(/^["']|["']$/g, ''), ctx);
  return url ? quoteUrl(url) : 'none';
}

// url( ... ) with the argument read the way the CSS tokenizer reads it, including an argument
// that runs to the end of the text without ")" (browsers still fetch that one).
function rewriteUrls(css: string, ctx: CssContext): string {
  const re = /url\s*\(/gi;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(css)) !== null) {
    let i = m.index + m[0].length;
    let quote: string | null = null;
    const start = i;
    for (; i < css.length; i++) {
      const c = css[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === ')') {
        break;
      }
    }
    out += css.slice(last, m.index) + rewriteTarget(css.slice(start, i), ctx);
    last = Math.min(i + 1, css.length);
    re.lastIndex = last;
  }
  return out + css.slice(last);
}

export function filterCss(css: string, ctx: CssContext): string {
  let out = normalize(css);
  for (const [pattern, replacement] of NEUTRALIZE) out = out.replace(pattern, replacement);
  return rewriteUrls(out, ctx);
}

/** For <style> element text: additionally nothing that could close the element. */
export function filterStyleSheet(css: string, ctx: CssContext): string {
  return filterCss(css.replace(/<!--|-->/g, ' '), ctx).replace(/</g, '\\3c ');
}
