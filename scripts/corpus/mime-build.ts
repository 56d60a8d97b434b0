// A small MIME writer: exactly the bytes a careful mail client would send, CRLF throughout.
import { charsetLabel, encodeText, type Charset } from './charsets';

export const CRLF = '\r\n';

export type Header = [name: string, value: string];

/** A finished MIME entity: its own header fields and its encoded body bytes. */
export interface MimeNode {
  headers: Header[];
  body: Buffer;
}

export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

/** Text written in source files uses "\n"; on the wire every line ends in CRLF. */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

export function base64Lines(data: Buffer, lineLength = 76): Buffer {
  const encoded = data.toString('base64');
  const lines = Math.ceil(encoded.length / lineLength);
  const out = Buffer.allocUnsafe(encoded.length + lines * 2);
  let at = 0;
  for (let i = 0; i < encoded.length; i += lineLength) {
    at += out.write(encoded.slice(i, i + lineLength), at, 'latin1');
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  return out;
}

const HEX = '0123456789ABCDEF';

/** RFC 2045 quoted-printable of text already in CRLF form: soft breaks keep lines ≤ 76. */
export function quotedPrintable(data: Buffer): Buffer {
  const out: string[] = [];
  const lines = data.toString('latin1').split(CRLF);
  for (const line of lines) {
    let current = '';
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      const last = i === line.length - 1;
      let token: string;
      if ((code === 0x20 || code === 0x09) && !last) token = line[i] ?? '';
      else if (code >= 33 && code <= 126 && code !== 61) token = line[i] ?? '';
      else token = `=${HEX[code >> 4]}${HEX[code & 15]}`;
      if (current.length + token.length > 75) {
        out.push(`${current}=`);
        current = '';
      }
      current += token;
    }
    out.push(current);
  }
  return Buffer.from(out.join(CRLF), 'latin1');
}

function encodeBody(bytes: Buffer, cte: TransferEncoding): Buffer {
  switch (cte) {
    case 'base64':
      return base64Lines(bytes);
    case 'quoted-printable':
      return quotedPrintable(bytes);
    default:
      return bytes;
  }
}

// ---- header values -------------------------------------------------------------------------

const Q_SAFE = /[A-Za-z0-9!*+\-/]/;

function encodedWord(bytes: Buffer, label: string, mode: 'B' | 'Q'): string {
  if (mode === 'B') return `=?${label}?B?${bytes.toString('base64')}?=`;
  let text = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b === 0x20) text += '_';
    else if (b < 0x80 && Q_SAFE.test(ch)) text += ch;
    else text += `=${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return `=?${label}?Q?${text}?=`;
}

/**
 * RFC 2047: the whole text as a run of encoded-words, each at most 75 characters and each
 * holding whole characters (a split UTF-8 sequence or ISO-2022-JP escape breaks decoders).
 */
export function encodeWords(text: string, opts: { charset?: Charset; mode?: 'B' | 'Q' } = {}): string {
  const charset = opts.charset ?? 'utf-8';
  const mode = opts.mode ?? 'B';
  const label = charsetLabel(charset);
  const chars = [...text];
  const words: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    let word = encodedWord(encodeText(chars.slice(start, end).join(''), charset), label, mode);
    while (end < chars.length) {
      const longer = encodedWord(encodeText(chars.slice(start, end + 1).join(''), charset), label, mode);
      if (longer.length > 75) break;
      word = longer;
      end++;
    }
    words.push(word);
    start = end;
  }
  return words.join(' ');
}

/** Plain text if it can travel as is, encoded-words otherwise. */
export function headerText(text: string, opts: { charset?: Charset; mode?: 'B' | 'Q' } = {}): string {
  return /^[\x20-\x7e]*$/.test(text) && !text.includes('=?') ? text : encodeWords(text, opts);
}

export interface Address {
  name?: string;
  email: string;
}

const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

export function formatAddress(a: Address, opts: { charset?: Charset; mode?: 'B' | 'Q' } = {}): string {
  if (!a.name) return a.email;
  if (!/^[\x20-\x7e]*$/.test(a.name)) return `${encodeWords(a.name, opts)} <${a.email}>`;
  if (ATOM_PHRASE.test(a.name)) return `${a.name} <${a.email}>`;
  return `"${a.name.replace(/(["\\])/g, '\\$1')}" <${a.email}>`;
}

export function formatAddresses(list: Address[], opts: { charset?: Charset; mode?: 'B' | 'Q' } = {}): string {
  return list.map((a) => formatAddress(a, opts)).join(', ');
}

const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** One Content-Type / Content-Disposition parameter, RFC 2231 when it is not ASCII. */
export function param(name: string, value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) {
    return TOKEN.test(value) ? `${name}=${value}` : `${name}="${value.replace(/(["\\])/g, '\\$1')}"`;
  }
  const encoded = [...Buffer.from(value, 'utf8')]
    .map((b) => (b < 0x80 && TOKEN.test(String.fromCharCode(b)) && b !== 0x25 && b !== 0x27 && b !== 0x2a
      ? String.fromCharCode(b)
      : `%${HEX[b >> 4]}${HEX[b & 15]}`))
    .join('');
  if (encoded.length <= 60) return `${name}*=UTF-8''${encoded}`;
  // Continuations, never splitting a %XX triplet.
  const pieces: string[] = [];
  let rest = encoded;
  while (rest.length > 0) {
    let cut = Math.min(45, rest.length);
    if (rest[cut - 1] === '%') cut -= 1;
    else if (rest[cut - 2] === '%') cut -= 2;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pieces.map((p, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${p}`).join('; ');
}

/** Folds at existing spaces so lines stay near 78 characters; unfolding restores the value. */
export function foldHeader(name: string, value: string): string {
  if (value.includes('\r\n')) return `${name}: ${value}`; // already folded by the caller
  const limit = 78;
  let line = `${name}:`;
  const out: string[] = [];
  const parts = value.split(/(?= )/);
  parts[0] = ` ${parts[0] ?? ''}`;
  for (const part of parts) {
    if (line.length + part.length > limit && line.trim().length > name.length + 1) {
      out.push(line);
      line = part;
    } else line += part;
  }
  out.push(line);
  return out.join(CRLF);
}

export function serializeHeaders(headers: Header[]): string {
  return headers.map(([name, value]) => foldHeader(name, value)).join(CRLF) + CRLF;
}

/** Headers, blank line, body. */
export function serialize(node: MimeNode): Buffer {
  // Headers are ASCII except where a message deliberately carries raw UTF-8 (RFC 6532).
  return Buffer.concat([Buffer.from(serializeHeaders(node.headers) + CRLF, 'utf8'), node.body]);
}

// ---- entities ------------------------------------------------------------------------------

export interface TextOptions {
  subtype?: string;
  charset?: Charset;
  cte?: TransferEncoding;
  params?: string[];
  headers?: Header[];
}

export function textPart(content: string, opts: TextOptions = {}): MimeNode {
  const charset = opts.charset ?? 'utf-8';
  const cte = opts.cte ?? 'quoted-printable';
  const bytes = encodeText(crlf(content), charset);
  const type = [`text/${opts.subtype ?? 'plain'}`, param('charset', charsetLabel(charset)), ...(opts.params ?? [])];
  return {
    headers: [['Content-Type', type.join('; ')], ['Content-Transfer-Encoding', cte], ...(opts.headers ?? [])],
    body: encodeBody(bytes, cte),
  };
}

export const html = (content: string, opts: TextOptions = {}): MimeNode => textPart(content, { ...opts, subtype: 'html' });

export interface FileOptions {
  type: string;
  filename?: string;
  /** Raw parameter text when a message needs something a well-behaved writer would not produce. */
  rawFilename?: string;
  inline?: boolean;
  cid?: string;
  cte?: TransferEncoding;
  headers?: Header[];
  /** Also put the name in Content-Type (as older clients do), encoded-word style. */
  legacyName?: boolean;
}

export function filePart(data: Buffer, opts: FileOptions): MimeNode {
  const cte = opts.cte ?? 'base64';
  const nameParam = opts.rawFilename ?? (opts.filename !== undefined ? param('filename', opts.filename) : undefined);
  const type = [opts.type];
  if (opts.legacyName && opts.filename) type.push(`name="${headerText(opts.filename)}"`);
  else if (opts.filename !== undefined && opts.rawFilename === undefined) type.push(param('name', opts.filename));
  const headers: Header[] = [['Content-Type', type.join('; ')]];
  headers.push(['Content-Disposition', [opts.inline ? 'inline' : 'attachment', ...(nameParam ? [nameParam] : [])].join('; ')]);
  if (opts.cid) headers.push(['Content-ID', `<${opts.cid}>`]);
  headers.push(['Content-Transfer-Encoding', cte], ...(opts.headers ?? []));
  return { headers, body: encodeBody(data, cte) };
}

/** A message/rfc822 part: the enclosed message travels as is. */
export function messagePart(message: Buffer, filename?: string): MimeNode {
  const headers: Header[] = [['Content-Type', 'message/rfc822']];
  if (filename) headers.push(['Content-Disposition', `attachment; ${param('filename', filename)}`]);
  return { headers, body: message };
}

export function multipart(subtype: string, boundary: string, parts: MimeNode[], params: string[] = []): MimeNode {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}${CRLF}`, 'latin1'), serialize(part), Buffer.from(CRLF, 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'latin1'));
  return {
    headers: [['Content-Type', [`multipart/${subtype}`, `boundary="${boundary}"`, ...params].join('; ')]],
    body: Buffer.concat(chunks),
  };
}
