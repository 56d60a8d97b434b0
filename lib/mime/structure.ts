import 'server-only';
import { firstHeader, readHeaderBlock, type RawHeader } from './header-block';
import { parseStructured } from './header-params';
import { Deadline, TooComplexError, type MimeLimits } from './limits';
import { normalizeTransferEncoding } from './transfer-encoding';

// The MIME tree of a message as byte ranges, found without decoding any body. This is what
// keeps opening a 40 MB message cheap, and it is where hostile structure (deep nesting, tens of
// thousands of parts) is stopped before any other parser sees it.
//
// Multipart bodies are split parent-first: a multipart finds all of its own delimiter lines in
// its whole range before its children are looked at, so a delimiter of any enclosing multipart
// ends an inner part that was never closed (as mailsplit, Python and browsers' MIME readers do).
// message/rfc822 parts are not descended into: they are shown as attachments.

export interface MimePart {
  /** IMAP-style part number, "" for the top level ("1", "1.2", ...). */
  path: string;
  depth: number;
  headers: RawHeader[];
  /** Header block ran into the end of the data (only possible for truncated input). */
  headerTruncated: boolean;
  bodyStart: number;
  bodyEnd: number;
  /** Lower-cased "type/subtype". */
  contentType: string;
  contentParams: Map<string, string>;
  /** Lower-cased disposition, or null when the part has none. */
  disposition: string | null;
  filename: string | null;
  /** Content-ID without angle brackets. */
  contentId: string | null;
  /** Lower-cased Content-Transfer-Encoding. */
  encoding: string;
  children: MimePart[];
  parent: MimePart | null;
  /** For multiparts: the closing delimiter was seen. */
  closed: boolean;
}

export interface MimeTree {
  /** Null only when not even the top-level header block could be read. */
  root: MimePart | null;
  tooComplex?: string;
  partCount: number;
}

export interface ScanOptions {
  limits: MimeLimits;
  deadline?: Deadline;
}

const LF = 0x0a;
const CR = 0x0d;

function guessTypeFromDisposition(disposition: string | null): string {
  return disposition === 'attachment' ? 'application/octet-stream' : 'text/plain';
}

function describePart(part: MimePart, defaultType: string): void {
  const ctRaw = firstHeader(part.headers, 'content-type');
  const cdRaw = firstHeader(part.headers, 'content-disposition');
  const cd = cdRaw === null ? null : parseStructured(cdRaw);
  const ct = ctRaw === null ? null : parseStructured(ctRaw);
  part.disposition = cd?.value || null;
  const type = ct?.value && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(ct.value) ? ct.value : null;
  part.contentType = type ?? (ctRaw === null && part.disposition ? guessTypeFromDisposition(part.disposition) : defaultType);
  part.contentParams = ct?.params ?? new Map();
  part.filename = cd?.params.get('filename') || ct?.params.get('name') || null;
  const cid = firstHeader(part.headers, 'content-id');
  part.contentId = cid ? cid.trim().replace(/^<|>$/g, '').trim() || null : null;
  part.encoding = normalizeTransferEncoding(firstHeader(part.headers, 'content-transfer-encoding'));
}

interface Delimiter {
  /** Where the line break in front of the delimiter line starts (end of the previous part). */
  before: number;
  /** First byte after the delimiter line. */
  after: number;
  close: boolean;
}

class Scanner {
  partCount = 0;
  private steps = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly opts: ScanOptions,
  ) {}

  private tick(): void {
    if (++this.steps % 256 === 0) this.opts.deadline?.check();
  }

  /** The delimiter line starting at `at` ("--" + boundary), or null when the line is something else. */
  private delimiterAt(at: number, needleLength: number, end: number, rangeStart: number): Delimiter | null {
    const buf = this.buf;
    if (at !== rangeStart && buf[at - 1] !== LF) return null;
    let i = at + needleLength;
    let close = false;
    if (buf[i] === 0x2d && buf[i + 1] === 0x2d && i + 1 < end) {
      close = true;
      i += 2;
    }
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (i >= end) {
      if (!close) return null;
    } else {
      while (i < end && buf[i] === CR) i++;
      if (i >= end || buf[i] !== LF) return null;
      i++;
    }
    let before = at;
    if (at > rangeStart && buf[at - 1] === LF) {
      before = at - 1;
      if (before > rangeStart && buf[before - 1] === CR) before--;
    }
    return { before, after: Math.min(i, end), close };
  }

  private findDelimiters(boundary: string, start: number, end: number): { list: Delimiter[]; closed: boolean } {
    const needle = Buffer.from(`--${boundary}`, 'latin1');
    const view = this.buf.subarray(0, end);
    const list: Delimiter[] = [];
    let pos = start;
    while (pos < end) {
      const at = view.indexOf(needle, pos);
      if (at < 0) break;
      this.tick();
      const d = this.delimiterAt(at, needle.length, end, start);
      if (!d) {
        pos = at + 1;
        continue;
      }
      list.push(d);
      if (d.close) return { list, closed: true };
      if (list.length > this.opts.limits.maxParts) break;
      pos = d.after;
    }
    return { list, closed: false };
  }

  scan(start: number, end: number, depth: number, path: string, parent: MimePart | null, defaultType: string): MimePart {
    const { limits } = this.opts;
    if (++this.partCount > limits.maxParts) throw new TooComplexError(`more than ${limits.maxParts} MIME parts`);
    this.tick();
    const block = readHeaderBlock(this.buf, start, end, limits);
    const part: MimePart = {
      path,
      depth,
      headers: block.headers,
      headerTruncated: !block.terminated,
      bodyStart: block.bodyStart,
      bodyEnd: end,
      contentType: defaultType,
      contentParams: new Map(),
      disposition: null,
      filename: null,
      contentId: null,
      encoding: '',
      children: [],
      parent,
      closed: false,
    };
    if (parent) parent.children.push(part);
    describePart(part, defaultType);
    if (block.tooComplex) throw new TooComplexError(block.tooComplex);
    if (!part.contentType.startsWith('multipart/')) return part;

    const boundary = (part.contentParams.get('boundary') ?? '').trimEnd();
    // RFC 2046 boundaries are 1-70 ASCII characters; anything else matches no line.
    if (!boundary || boundary.length > 200 || !/^[\x20-\x7e]+$/.test(boundary)) return part;
    if (depth + 1 > limits.maxDepth) throw new TooComplexError(`MIME parts nested deeper than ${limits.maxDepth} levels`);

    const { list, closed } = this.findDelimiters(boundary, part.bodyStart, end);
    part.closed = closed;
    const childType = part.contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    for (let i = 0; i < list.length; i++) {
      const d = list[i] as Delimiter;
      if (d.close) break;
      const next = list[i + 1];
      const childEnd = next ? next.before : end;
      const childPath = path ? `${path}.${i + 1}` : String(i + 1);
      this.scan(d.after, Math.max(d.after, childEnd), depth + 1, childPath, part, childType);
    }
    return part;
  }
}

/**
 * Scans `buf` into a tree of byte ranges. Never throws: a crossed limit (or the deadline) gives
 * `tooComplex`, with `root` still holding the top-level headers when they could be read.
 */
export function scanMime(buf: Buffer, opts: ScanOptions): MimeTree {
  const scanner = new Scanner(buf, opts);
  try {
    if (buf.length > opts.limits.maxBytes) {
      throw new TooComplexError(`the message is larger than ${opts.limits.maxBytes} bytes`);
    }
    const root = scanner.scan(0, buf.length, 0, '', null, 'text/plain');
    return { root, partCount: scanner.partCount };
  } catch (err) {
    if (!(err instanceof TooComplexError)) throw err;
    const block = readHeaderBlock(buf, 0, buf.length, opts.limits);
    const root: MimePart = {
      path: '',
      depth: 0,
      headers: block.headers,
      headerTruncated: !block.terminated,
      bodyStart: block.bodyStart,
      bodyEnd: buf.length,
      contentType: 'text/plain',
      contentParams: new Map<string, string>(),
      disposition: null,
      filename: null,
      contentId: null,
      encoding: '',
      children: [],
      parent: null,
      closed: false,
    };
    describePart(root, 'text/plain');
    return { root, tooComplex: err.reason, partCount: scanner.partCount };
  }
}

/** Leaf parts in document order. */
export function leaves(part: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const walk = (p: MimePart): void => {
    if (p.contentType.startsWith('multipart/')) p.children.forEach(walk);
    else out.push(p);
  };
  walk(part);
  return out;
}
