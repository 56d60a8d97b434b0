// Headers shared by the byte routes: never cached, never sniffed, and a document that can do
// nothing if a browser ever renders it on its own (an attachment opened from the address bar).

export const NO_STORE = { 'cache-control': 'private, no-store' } as const;

export const BYTES_HEADERS = {
  ...NO_STORE,
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'referrer-policy': 'no-referrer',
} as const;

// Path separators, control and format characters (bidi overrides), quotes and characters that
// mean something in a header or to a file system.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\"'<>:*?|;%]/g;

/** A file name safe to offer for saving: no directories, no control or bidi characters, no quotes. */
export function safeFilename(name: string, fallback: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '_').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 180);
  return cleaned && !/^_+$/.test(cleaned) ? cleaned : fallback;
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / RFC 5987). */
export function attachmentDisposition(name: string, fallback: string): string {
  const safe = safeFilename(name, fallback);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
