import 'server-only';

// Content-Transfer-Encoding: base64 and quoted-printable decoding that tolerates bad input and
// input cut at any byte, plus the decoded size of a body without decoding it (a 30 MB
// attachment is sized by counting its line breaks, not by decoding it).

const LF = 0x0a;
const CR = 0x0d;

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Quoted-printable (RFC 2045 6.7); a cut-off "=" or "=X" at the end is dropped. */
export function decodeQuotedPrintable(input: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as number;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    const a = input[i + 1];
    const b = input[i + 2];
    if (a === undefined || (b === undefined && a !== LF)) break;
    const hi = hexValue(a);
    const lo = hexValue(b);
    if (hi >= 0 && lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
      continue;
    }
    // Soft line break "=" + optional trailing whitespace + (CR)LF.
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === CR) j++;
    if (input[j] === LF) {
      i = j;
      continue;
    }
    if (j >= input.length) break;
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Base64, skipping anything outside the alphabet; `truncated` drops an incomplete last quantum. */
export function decodeBase64(input: Uint8Array, truncated = false): Buffer {
  let text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  if (truncated) {
    text = text.replace(/[^A-Za-z0-9+/=]/g, '');
    const pad = text.indexOf('=');
    if (pad < 0) text = text.slice(0, text.length - (text.length % 4));
  }
  return Buffer.from(text, 'base64');
}

export function normalizeTransferEncoding(raw: string | null): string {
  // [^()], not [^)]: the latter rescans to the end from every "(" of an unclosed run (quadratic).
  return (raw ?? '').replace(/\([^()]*\)/g, '').trim().toLowerCase();
}

export function decodeTransfer(body: Uint8Array, encoding: string, truncated = false): Buffer {
  if (encoding === 'base64') return decodeBase64(body, truncated);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function countByte(buf: Buffer, byte: number): number {
  let count = 0;
  for (let i = buf.indexOf(byte); i >= 0; i = buf.indexOf(byte, i + 1)) count++;
  return count;
}

function countWhitespace(buf: Buffer): number {
  return countByte(buf, LF) + countByte(buf, CR) + countByte(buf, 0x20) + countByte(buf, 0x09);
}

// Encoders write base64 in lines of one fixed length. When line ends sit where that length puts
// them (checked at 64 places), the whitespace is counted arithmetically instead of byte by byte:
// that is most of the cost of opening a message with a large attachment. Irregular bodies are
// counted exactly; a body crafted to fool the samples only gets a wrong displayed size.
function base64Whitespace(body: Buffer): number {
  const firstLf = body.indexOf(LF);
  if (firstLf <= 0 || body.length < 64 * 1024) return countWhitespace(body);
  const eol = body[firstLf - 1] === CR ? 2 : 1;
  const stride = firstLf + 1;
  const lines = Math.floor(body.length / stride);
  for (let s = 1; s <= 64; s++) {
    const end = Math.max(1, Math.floor((lines * s) / 64)) * stride - 1;
    if (body[end] !== LF || (eol === 2 && body[end - 1] !== CR) || body[end - eol] === 0x20) return countWhitespace(body);
  }
  return lines * eol + countWhitespace(body.subarray(lines * stride));
}

/** Size the body will have once decoded; exact for well-formed base64 and quoted-printable. */
export function decodedSize(body: Buffer, encoding: string): number {
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body).length;
  if (encoding !== 'base64') return body.length;
  let chars = body.length - base64Whitespace(body);
  let padding = 0;
  for (let i = body.length - 1; i >= 0 && padding < 2; i--) {
    const c = body[i];
    if (c === 0x3d) padding++;
    else if (c !== LF && c !== CR && c !== 0x20 && c !== 0x09) break;
  }
  chars -= padding;
  return Math.max(0, Math.floor((chars * 3) / 4));
}
