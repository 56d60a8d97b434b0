import { LinkifyIt } from 'linkify-it';

// Links in plain text, for both renderings of a text part (the server's text→HTML for the
// sandboxed view and the Text tab's TextBody), so the two always agree on what is a link.
// linkify-it rather than a hand-written pattern: it balances brackets, leaves sentence
// punctuation outside, and bounds every candidate to `maxLength` characters, so its cost stays
// linear in the text (lib/mime/linear-time.test.ts measures it on runs of every punctuation
// character). Only three kinds become links: http(s)://…, mailto:… and www.… — no ftp:, no
// protocol-relative "//", no bare domains or e-mail addresses, no IP addresses.

export interface TextSegment {
  text: string;
  /** Set when the segment is a link: an http(s) or mailto URL, never anything else. */
  href?: string;
}

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false }).add('ftp:', null).add('//', null);

// Anything else a future linkify-it might recognise stays text.
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

function hrefOf(match: { schema: string; raw: string; url: string }): string | null {
  if (match.schema === '') {
    // A fuzzy link: only "www." ones; "example.com" in prose stays text, as it did before.
    // https, not linkify-it's http: the reader's browser would be upgraded to it anyway.
    return /^www\./i.test(match.raw) ? `https://${match.raw}` : null;
  }
  return SAFE_HREF.test(match.url) ? match.url : null;
}

/** `text` cut into plain and link segments, in order; joining their `text` gives `text` back. */
export function linkSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of linkify.match(text) ?? []) {
    const href = hrefOf(match);
    if (href === null) continue;
    if (match.index > last) out.push({ text: text.slice(last, match.index) });
    out.push({ text: text.slice(match.index, match.lastIndex), href });
    last = match.lastIndex;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
