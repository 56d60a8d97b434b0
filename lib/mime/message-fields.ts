import 'server-only';
import { parseAddressHeader, type EmailAddress } from 'mailparser';
import type { Address, HeaderLine, MessageDetail } from '@/lib/types';
import { decodeWords } from './encoded-words';
import { firstHeader, type RawHeader } from './header-block';

// The header fields the UI shows, read the same way for the inbox (from a message's first
// bytes) and for the message view, so both always agree.

export type MessageFields = Pick<MessageDetail, 'from' | 'to' | 'cc' | 'replyTo' | 'subject' | 'date' | 'messageIdHeader'>;

// Decoded text can hold line breaks and NULs (from encoded words); none of them belong in a
// one-line display value.
function oneLine(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function toAddresses(list: EmailAddress[]): Address[] {
  const out: Address[] = [];
  for (const entry of list) {
    if (entry.group) {
      out.push(...toAddresses(entry.group));
      continue;
    }
    const name = oneLine(entry.name ?? '');
    const address = oneLine(entry.address ?? '');
    if (name || address) out.push({ name, address });
  }
  return out;
}

export function parseAddresses(value: string | null): Address[] {
  if (!value) return [];
  try {
    return toAddresses(parseAddressHeader(value, { flatten: true }).value);
  } catch {
    return [];
  }
}

function allAddresses(headers: readonly RawHeader[], name: string): Address[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === lower).flatMap((h) => parseAddresses(h.value));
}

/** RFC 5322 date (with the usual deviations) to ISO 8601; null when it cannot be trusted. */
export function parseMailDate(value: string | null): string | null {
  if (!value) return null;
  // [^()] rather than [^)]: from every "(" the latter scans to the next ")", so a value of
  // many "(" and no ")" took quadratic time (50,000 of them: seconds).
  const cleaned = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!cleaned) return null;
  const time = Date.parse(cleaned);
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  return year < 1970 || year > 9999 ? null : date.toISOString();
}

function messageId(value: string | null): string | null {
  if (!value) return null;
  const bracketed = /<[^<>\s]{1,995}>/.exec(value);
  const id = oneLine(bracketed ? bracketed[0] : value);
  return id ? id.slice(0, 998) : null;
}

export function readFields(headers: readonly RawHeader[]): MessageFields {
  return {
    from: parseAddresses(firstHeader(headers, 'from'))[0] ?? null,
    to: allAddresses(headers, 'to'),
    cc: allAddresses(headers, 'cc'),
    replyTo: parseAddresses(firstHeader(headers, 'reply-to')),
    subject: oneLine(decodeWords(firstHeader(headers, 'subject') ?? '')),
    date: parseMailDate(firstHeader(headers, 'date')),
    messageIdHeader: messageId(firstHeader(headers, 'message-id')),
  };
}

/** Every header in order, encoded words decoded, for the "all headers" view and the verdicts. */
export function displayHeaders(headers: readonly RawHeader[]): HeaderLine[] {
  return headers.map((h) => ({ name: h.name, value: oneLine(decodeWords(h.value)) }));
}
