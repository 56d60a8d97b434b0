import 'server-only';

// Readable text out of (possibly cut-off) HTML for inbox snippets. Deliberately not a DOM parse:
// listing runs this for thousands of messages and needs only the first sentence or two.

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', zwnj: '', zwj: '',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', euro: '€',
  pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', iexcl: '¡', iquest: '¿', thinsp: ' ',
  ensp: ' ', emsp: ' ', eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á', ccedil: 'ç',
  uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ntilde: 'ñ', oacute: 'ó', iacute: 'í', uacute: 'ú',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

// Characters newsletters pad their hidden preheader with, invisible in a mail client.
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

export function cleanText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Visible text of an HTML fragment; an element cut off at the end is dropped. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(head|style|script|title|noscript|template|xml)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    // (?:>|$), like the other patterns: a tag that is never closed ends the text. With ">" alone,
    // every "<br" of a run without ">" rescanned the rest of the text (quadratic).
    .replace(/<(?:br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/td)\b[^>]*(?:>|$)/gi, ' ')
    .replace(/<[a-z!/?][^>]*(?:>|$)/gi, '');
  return cleanText(decodeEntities(text));
}
