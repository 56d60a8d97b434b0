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

/** Removes (comments), keeping quoted strings intact; nested comments and escapes are honoured. */
export function stripComments(input: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length && (quoted || depth > 0)) {
      if (depth === 0) out += c + input[i + 1];
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      out += c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

function splitParams(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted && c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
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
