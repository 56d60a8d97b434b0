import 'server-only';

// Bytes to text for a declared MIME charset, never throwing: mail declares charsets that do not
// exist, mislabels UTF-8 as us-ascii, and gets cut in the middle of a character.

// Names mail uses that the WHATWG Encoding Standard (Node's TextDecoder) does not list.
const ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
  cp936: 'gbk',
  ms936: 'gbk',
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  uhc: 'euc-kr',
  cp950: 'big5',
  'big5-hkscs': 'big5',
  utf16: 'utf-16le',
  'utf-16': 'utf-16le',
};

// UTF-7 can smuggle markup past anything that looks for "<" (+ADw-script+AD4-); browsers dropped
// it for that reason. base64/hex are transfer encodings, not charsets.
const REFUSED = /^(?:(?:cs)?unicode11)?utf7(?:imap)?$|^base64$|^hex$/;

// Labels under which senders routinely send UTF-8 (or plain ASCII).
const ASCII_LIKE = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'unknown-8bit', 'x-unknown', 'unknown', 'default', '']);

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');

// Node 20's TextDecoder decodes windows-1252 as ISO-8859-1 (0x80-0x9F come out as C1 controls
// instead of curly quotes, dashes and the euro sign), so that one is done by hand.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function utf8OrLatin(bytes: Uint8Array): string {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

function decoderFor(label: string): TextDecoder | null {
  try {
    const decoder = new TextDecoder(label);
    // "replacement" swallows the whole input into one U+FFFD; better to show the bytes as UTF-8.
    return decoder.encoding === 'replacement' ? null : decoder;
  } catch {
    return null;
  }
}

export function normalizeCharset(charset: string | null | undefined): string {
  const label = (charset ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  // RFC 2231 allows a language suffix: utf-8*en
  const star = label.indexOf('*');
  return star >= 0 ? label.slice(0, star) : label;
}

/** Decodes `bytes` declared as `charset`; unknown or refused charsets fall back to UTF-8, then Windows-1252. */
export function decodeCharset(bytes: Uint8Array, charset: string | null | undefined): string {
  const label = normalizeCharset(charset);
  if (ASCII_LIKE.has(label) || label === 'utf-8' || label === 'utf8') {
    return label === 'utf-8' || label === 'utf8' ? utf8.decode(bytes) : utf8OrLatin(bytes);
  }
  if (REFUSED.test(label.replace(/[^a-z0-9]/g, ''))) return utf8.decode(bytes);
  const decoder = decoderFor(ALIASES[label] ?? label);
  if (!decoder) return utf8OrLatin(bytes);
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

/** Header bytes: RFC 6532 allows raw UTF-8; anything else is taken as Windows-1252. */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  return utf8OrLatin(bytes);
}
