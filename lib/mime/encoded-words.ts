import 'server-only';
import { decodeCharset } from './charset';

// RFC 2047 encoded words in header values ("=?utf-8?B?...?="). Senders split one character
// across two adjacent words, so the bytes of neighbouring words in the same charset are joined
// before the charset decodes them. Anything malformed (including a word cut off by truncation)
// is left as literal text.

const WORD = /=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=/g;

function decodeQ(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      out[n++] = 0x20;
    } else if (c === 0x3d && i + 2 < text.length && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

function decodeB(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

interface Piece {
  charset: string | null;
  text?: string;
  bytes?: Uint8Array[];
}

/** Decodes every encoded word in `value`; whitespace between two encoded words is dropped. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  const pieces: Piece[] = [];
  let last = 0;
  let lastWasWord = false;
  for (const match of value.matchAll(WORD)) {
    const start = match.index;
    const between = value.slice(last, start);
    if (!(lastWasWord && /^\s*$/.test(between)) && between) {
      pieces.push({ charset: null, text: between });
    }
    const charset = (match[1] ?? '').toLowerCase().split('*')[0] ?? '';
    const payload = match[3] ?? '';
    const bytes = (match[2] ?? '').toLowerCase() === 'b' ? decodeB(payload) : decodeQ(payload);
    const prev = pieces[pieces.length - 1];
    if (prev && prev.charset === charset && prev.bytes) {
      prev.bytes.push(bytes);
    } else {
      pieces.push({ charset, bytes: [bytes] });
    }
    last = start + match[0].length;
    lastWasWord = true;
  }
  if (last < value.length) pieces.push({ charset: null, text: value.slice(last) });
  return pieces
    .map((p) => (p.bytes ? decodeCharset(Buffer.concat(p.bytes), p.charset) : (p.text ?? '')))
    .join('');
}
