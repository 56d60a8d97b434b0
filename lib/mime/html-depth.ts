import 'server-only';

// HTML parsers (jsdom's included) slow down quadratically with element nesting depth: 4,000
// nested <div>s take seconds, 100,000 take minutes. Real mail nests a few dozen levels (Chrome
// itself flattens anything past 512). This linear pre-check estimates the depth the way a
// browser would build it, so hostile HTML can be turned away before it reaches the parser.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame', 'basefont', 'bgsound']);
// Closed implicitly by the next sibling of the same kind: long unclosed runs of them are flat.
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rb', 'rt', 'rtc', 'rp']);

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}

/** True when elements in `html` nest deeper than `max`. */
export function nestsDeeperThan(html: string, max: number): boolean {
  const stack: string[] = [];
  const open = new Map<string, number>();
  let i = html.indexOf('<');
  while (i >= 0 && i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = html.indexOf('<', end + 3);
      continue;
    }
    let p = i + 1;
    const closing = html.charCodeAt(p) === 0x2f;
    if (closing) p++;
    const nameStart = p;
    while (p < html.length && isNameChar(html.charCodeAt(p))) p++;
    if (p === nameStart) {
      i = html.indexOf('<', p);
      continue;
    }
    const name = html.slice(nameStart, p).toLowerCase();
    const end = html.indexOf('>', p);
    if (end < 0) return false;
    if (!VOID.has(name) && !IMPLIED_END.has(name)) {
      if (!closing) {
        stack.push(name);
        open.set(name, (open.get(name) ?? 0) + 1);
        if (stack.length > max) return true;
      } else if (open.get(name)) {
        for (;;) {
          const top = stack.pop() as string;
          open.set(top, (open.get(top) ?? 1) - 1);
          if (top === name) break;
        }
      }
    }
    i = html.indexOf('<', end + 1);
  }
  return false;
}
