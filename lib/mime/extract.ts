import 'server-only';
import { listAttachments, type LocatedAttachment } from './attachments';
import { Deadline, resolveLimits, type MimeLimits } from './limits';
import { isSafeInlineImage } from './media-types';
import { scanMime } from './structure';
import { decodeTransfer } from './transfer-encoding';

// One attachment out of a message, decoding only that part. Indexes come from the same listing
// parseMessage uses, so an index shown in the message view always names the same part here.

export interface ExtractedPart {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ExtractOptions {
  limits?: Partial<MimeLimits>;
}

function locate(raw: Buffer, opts: ExtractOptions): LocatedAttachment[] {
  const limits = resolveLimits(opts.limits);
  const tree = scanMime(raw, { limits, deadline: new Deadline(limits.timeoutMs) });
  // A message too complex to show is offered as Raw download only, so no part of it is served.
  if (tree.tooComplex || !tree.root) return [];
  return listAttachments(tree.root, raw, { sizes: false });
}

function decode(raw: Buffer, found: LocatedAttachment): ExtractedPart {
  const { part, info } = found;
  return {
    filename: info.filename,
    contentType: info.contentType,
    content: decodeTransfer(raw.subarray(part.bodyStart, part.bodyEnd), part.encoding),
  };
}

/** The attachment at `index` (as listed by parseMessage), decoded; null when there is none. */
export async function extractAttachment(raw: Buffer, index: number, opts: ExtractOptions = {}): Promise<ExtractedPart | null> {
  if (!Number.isSafeInteger(index) || index < 0) return null;
  const found = locate(raw, opts)[index];
  return found ? decode(raw, found) : null;
}

/**
 * The image a `cid:` URL in the HTML refers to. Only raster images are returned: the result is
 * served from the app's own origin, where an HTML or SVG part would be a document of its own.
 */
export async function extractInlineByContentId(raw: Buffer, cid: string, opts: ExtractOptions = {}): Promise<ExtractedPart | null> {
  const wanted = cid.trim().replace(/^<|>$/g, '');
  if (!wanted) return null;
  // RFC 2392: a cid: URL is the Content-ID percent-encoded.
  let unescaped = wanted;
  try {
    unescaped = decodeURIComponent(wanted);
  } catch {
    // not percent-encoded after all
  }
  const found = locate(raw, opts).find(
    (a) => (a.info.contentId === wanted || a.info.contentId === unescaped) && isSafeInlineImage(a.info.contentType),
  );
  return found ? decode(raw, found) : null;
}
