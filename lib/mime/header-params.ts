import 'server-only';
import { decodeCharset } from './charset';
import { decodeWords } from './encoded-words';

// Content-Type / Content-Disposition values: "type/subtype; name=value; ..." with quoted strings,
// comments, RFC 2231 continuations and charsets (filename*0*=utf-8''%E2...). Encoded words are
// decoded only in parameters that were not RFC 2231 encoded, so a value is never decoded twice.

export interface StructuredValue {
  /** Lower-cased main value ("text/html", "attachment"). */
  value: string;
  params: Map<string, string>;
}

// Both scanners below copy runs of the input with slice() instead of adding one character at a
// time: a value of hundreds of kilobytes made millions of one-character strings and ropes, and
// the garbage collector's share grew faster than the input.

/** Removes (comments), keeping quoted strings intact; nested comments and escapes are honoured. */
export function stripComments(input: string): string {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let keepFrom = 0; // start of the run outside comments that has not been copied yet
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length && (quoted || depth > 0)) {
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
    } else if (c === '(') {
      if (depth === 0) out.push(input.slice(keepFrom, i));
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
      if (depth === 0) keepFrom = i + 1;
    } else if (depth === 0 && c === '"') {
      quoted = true;
    }
  }
  if (depth === 0) out.push(input.slice(keepFrom));
  return out.join('');
}

function splitParams(input: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted && c === '\\' && i + 1 < input.length) {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ';' && !quoted) {
      parts.push(input.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(input.slice(start));
  return parts;
}

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.startsWith('"')) {
    const body = v.endsWith('"') && v.length > 1 ? v.slice(1, -1) : v.slice(1);
    return body.replace(/\\(.)/g, '$1');
  }
  return v;
}

function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

interface Section {
  index: number;
  extended: boolean;
  value: string;
}

export function parseStructured(raw: string): StructuredValue {
  const parts = splitParams(stripComments(raw));
  const value = (parts[0] ?? '').trim().toLowerCase();
  const plain = new Map<string, string>();
  const sections = new Map<string, Section[]>();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const val = part.slice(eq + 1);
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!m?.[1]) continue;
    const base = m[1];
    if (m[2] === undefined && !m[3]) {
      if (!plain.has(base)) plain.set(base, unquote(val));
      continue;
    }
    const list = sections.get(base) ?? [];
    if (list.length < 1000) list.push({ index: m[2] === undefined ? 0 : Number(m[2]), extended: Boolean(m[3]), value: unquote(val) });
    sections.set(base, list);
  }
  const params = new Map<string, string>();
  for (const [key, v] of plain) params.set(key, decodeWords(v));
  for (const [key, list] of sections) {
    list.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: Uint8Array[] = [];
    list.forEach((section, i) => {
      let text = section.value;
      if (section.extended && i === 0) {
        // charset'language'value
        const m = /^([^']*)'[^']*'(.*)$/s.exec(text);
        if (m) {
          charset = m[1] || 'utf-8';
          text = m[2] ?? '';
        }
      }
      bytes.push(section.extended ? percentDecode(text) : Buffer.from(text, 'utf8'));
    });
    params.set(key, decodeCharset(Buffer.concat(bytes), charset));
  }
  return { value, params };
}
