import 'server-only';

// HTML parsers (jsdom's included) slow down quadratically with element nesting depth: 4,000
// nested <div>s take seconds, 100,000 take minutes. Real mail nests a few dozen levels (Chrome
// itself flattens anything past 512). This linear pre-check estimates the depth the way a
// browser would build it, so hostile HTML can be turned away before it reaches the parser.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame', 'basefont', 'bgsound']);
// Closed implicitly by the next sibling of the same kind: long unclosed runs of them are flat.
const IMPLIED_END = new Set(['p', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rb', 'rt', 'rtc', 'rp']);
// <li>, <dt> and <dd> close an earlier one only when no other "special" element (HTML's parsing
// algorithm, minus address/div/p) stands between: <li><dt><li><dt>… nests without end in a real
// parser, so these are counted, and popped back to their own kind the way the parser does.
const LIST_ITEM: Record<string, Set<string>> = { li: new Set(['li']), dt: new Set(['dt', 'dd']), dd: new Set(['dt', 'dd']) };
const SPECIAL = new Set(
  ('applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir dl dt embed ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link ' +
    'listing main marquee menu meta nav noembed noframes noscript object ol param plaintext pre script search section select source ' +
    'style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp').split(' '),
);

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
    const closes = LIST_ITEM[name];
    if (closes && !closing) {
      // The stack is never deeper than max (we return first), so this scan keeps the check linear.
      for (let j = stack.length - 1; j >= 0; j--) {
        const el = stack[j] as string;
        if (closes.has(el)) {
          while (stack.length > j) {
            const top = stack.pop() as string;
            open.set(top, (open.get(top) ?? 1) - 1);
          }
          break;
        }
        if (SPECIAL.has(el)) break;
      }
    }
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
