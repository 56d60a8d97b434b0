import 'server-only';
import { decodeHeaderBytes } from './charset';

// Splits one header block (RFC 5322 section 2.2) into fields, without interpreting them.
// Works on byte offsets into the message so that bodies are never copied.

export interface RawHeader {
  /** Field name as written (case kept). */
  name: string;
  /** Unfolded value, 8-bit bytes decoded, encoded words NOT decoded. */
  value: string;
}

export interface HeaderBlock {
  headers: RawHeader[];
  /** Offset of the first body byte (after the empty line), or `end` when none was found. */
  bodyStart: number;
  /** False when the block ran into the end of the data before its empty line. */
  terminated: boolean;
  /** Set when a limit was crossed; `headers` then holds what came before. */
  tooComplex?: string;
}

const LF = 0x0a;
const CR = 0x0d;

function isBlankLine(buf: Buffer, start: number, lf: number): boolean {
  return lf === start || (lf === start + 1 && buf[start] === CR);
}

function toHeader(buf: Buffer, start: number, end: number): RawHeader | null {
  const text = decodeHeaderBytes(buf.subarray(start, end));
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const name = text.slice(0, colon).trim();
  // Unfolding removes the line break and keeps the whitespace that follows it.
  const value = text.slice(colon + 1).replace(/\r?\n|\r/g, '').trim();
  if (!name || /[\s\x00-\x1f]/.test(name)) return null;
  return { name, value };
}

export interface ReadHeaderOptions {
  maxHeaders: number;
  maxHeaderBytes: number;
}

/**
 * Reads the header block starting at `start`, not past `end`. Lines are LF or CRLF terminated.
 * A block that reaches `end` without an empty line is returned with `terminated: false`.
 */
export function readHeaderBlock(buf: Buffer, start: number, end: number, opts: ReadHeaderOptions): HeaderBlock {
  const headers: RawHeader[] = [];
  const limit = Math.min(end, start + opts.maxHeaderBytes);
  let fieldStart = -1;
  let pos = start;
  const flush = (fieldEnd: number): void => {
    if (fieldStart < 0) return;
    const header = toHeader(buf, fieldStart, fieldEnd);
    fieldStart = -1;
    if (header) headers.push(header);
  };
  while (pos < end) {
    if (pos >= limit) {
      return { headers, bodyStart: end, terminated: false, tooComplex: `a header block is larger than ${opts.maxHeaderBytes} bytes` };
    }
    let lf = buf.indexOf(LF, pos);
    if (lf < 0 || lf >= end) lf = end;
    if (lf < end && isBlankLine(buf, pos, lf)) {
      flush(pos);
      return { headers, bodyStart: lf + 1, terminated: true };
    }
    const first = buf[pos];
    const continuation = first === 0x20 || first === 0x09;
    if (!continuation) {
      flush(pos);
      if (headers.length >= opts.maxHeaders) {
        return { headers, bodyStart: end, terminated: false, tooComplex: `more than ${opts.maxHeaders} header fields` };
      }
      fieldStart = pos;
    } else if (fieldStart < 0) {
      // Whitespace before any field: tolerate it as a field of its own that will not parse.
      fieldStart = pos;
    }
    pos = lf + 1;
  }
  flush(end);
  return { headers, bodyStart: end, terminated: false };
}

/** First value of a field, by case-insensitive name. */
export function firstHeader(headers: readonly RawHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return null;
}
