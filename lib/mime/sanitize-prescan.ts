import 'server-only';

// parse5 (jsdom's parser) and DOMPurify both handle an element's attributes with loops over the
// attributes already seen: one element with 100,000 attributes takes minutes. Real mail puts a
// dozen on an element. This counts attributes per start tag the way the HTML tokenizer splits
// them (names end at whitespace, "/", ">" or "="; values are quoted or end at whitespace or ">"),
// in one pass over the text, so such HTML is turned away before it reaches the parser.

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/** True when some start tag in `html` carries more than `max` attributes. */
export function hasElementWithMoreAttributesThan(html: string, max: number): boolean {
  const n = html.length;
  let i = html.indexOf('<');
  while (i >= 0) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = html.indexOf('<', end + 3);
      continue;
    }
    let p = i + 1;
    if (!isLetter(html.charCodeAt(p))) {
      i = html.indexOf('<', p);
      continue;
    }
    while (p < n && !isSpace(html.charCodeAt(p)) && html[p] !== '/' && html[p] !== '>') p++;
    let count = 0;
    while (p < n && html[p] !== '>') {
      const c = html.charCodeAt(p);
      if (isSpace(c) || c === 0x2f) {
        p++;
        continue;
      }
      if (++count > max) return true;
      p++; // a name may start with "=" or a quote
      while (p < n && !isSpace(html.charCodeAt(p)) && html[p] !== '/' && html[p] !== '>' && html[p] !== '=') p++;
      while (p < n && isSpace(html.charCodeAt(p))) p++;
      if (html[p] !== '=') continue;
      p++;
      while (p < n && isSpace(html.charCodeAt(p))) p++;
      const q = html[p];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, p + 1);
        if (close < 0) return false;
        p = close + 1;
      } else {
        while (p < n && !isSpace(html.charCodeAt(p)) && html[p] !== '>') p++;
      }
    }
    i = html.indexOf('<', p);
  }
  return false;
}
