import 'server-only';
import type { MessageSummary } from '@/lib/types';
import { isBodyText, isInlineResource } from './attachments';
import { decodeCharset } from './charset';
import { cleanText, htmlToText } from './html-text';
import { resolveLimits, type MimeLimits } from './limits';
import { readFields } from './message-fields';
import { leaves, scanMime, type MimePart } from './structure';
import { decodeTransfer } from './transfer-encoding';
import { readVerdicts } from './verdicts';

// An inbox row from the first bytes of a message. Listing decrypts only the head of each object,
// so the input is usually cut at an arbitrary byte: inside a header, an encoded word, a UTF-8
// sequence, a base64 quantum. Nothing here may throw on that; a field that may have been cut
// (the last header of an unterminated header block) is left out rather than shown half.

export type HeadSummary = Pick<MessageSummary, 'from' | 'to' | 'subject' | 'date' | 'snippet' | 'hasAttachments' | 'verdicts'>;

export interface SummaryOptions {
  /** True when `head` is the whole message. */
  complete: boolean;
  limits?: Partial<MimeLimits>;
}

const SNIPPET_CHARS = 140;
// Enough decoded text to find 140 visible characters behind a newsletter's <head> and styles.
const MAX_SNIPPET_SOURCE = 64 * 1024;

function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

function partText(head: Buffer, part: MimePart, complete: boolean): string {
  const cut = !complete && part.bodyEnd >= head.length;
  const body = head.subarray(part.bodyStart, Math.min(part.bodyEnd, part.bodyStart + MAX_SNIPPET_SOURCE * 2));
  const bytes = decodeTransfer(body, part.encoding, cut || body.length < part.bodyEnd - part.bodyStart);
  let text = decodeCharset(bytes.subarray(0, MAX_SNIPPET_SOURCE), part.contentParams.get('charset'));
  // A multibyte character cut in half decodes to U+FFFD at the very end.
  if (cut || bytes.length > MAX_SNIPPET_SOURCE) text = text.replace(/\ufffd+$/, '');
  return part.contentType === 'text/html' ? htmlToText(text) : cleanText(text);
}

function snippetOf(head: Buffer, root: MimePart, complete: boolean): string {
  const texts = leaves(root).filter((p) => isBodyText(p) && !p.headerTruncated);
  const chosen = texts.find((p) => p.contentType === 'text/plain') ?? texts.find((p) => p.contentType === 'text/html') ?? texts[0];
  return chosen ? truncateChars(partText(head, chosen, complete), SNIPPET_CHARS) : '';
}

function hasAttachments(root: MimePart, complete: boolean): boolean {
  for (const part of leaves(root)) {
    if (part.headerTruncated || isBodyText(part)) continue;
    if (part.disposition === 'attachment' || !isInlineResource(part)) return true;
  }
  // Cut before the end of a multipart/mixed: the parts not yet seen are most likely attachments.
  return !complete && root.contentType === 'multipart/mixed' && !root.closed && root.children.length > 0;
}

export function summaryFromHead(head: Buffer, opts: SummaryOptions): HeadSummary {
  const empty: HeadSummary = { from: null, to: [], subject: '', date: null, snippet: '', hasAttachments: false };
  try {
    const limits = resolveLimits({ ...opts.limits, maxBytes: Number.MAX_SAFE_INTEGER });
    const tree = scanMime(head, { limits });
    const root = tree.root;
    if (!root) return empty;
    // An unterminated header block may end in a cut field, or in one whose folded rest is missing.
    const headers = !opts.complete && root.headerTruncated ? root.headers.slice(0, -1) : root.headers;
    const fields = readFields(headers);
    // SES writes its verdicts at the very top, so even a cut head holds them.
    const summary: HeadSummary = { ...empty, from: fields.from, to: fields.to, subject: fields.subject, date: fields.date, verdicts: readVerdicts(headers) };
    if (root.headerTruncated && !opts.complete) return summary;
    return { ...summary, snippet: snippetOf(head, root, opts.complete), hasAttachments: hasAttachments(root, opts.complete) };
  } catch {
    return empty;
  }
}
