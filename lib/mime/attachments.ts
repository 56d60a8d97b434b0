import 'server-only';
import type { AttachmentInfo } from '@/lib/types';
import { extensionForType, typeFromFilename } from './media-types';
import { leaves, type MimePart } from './structure';
import { decodedSize } from './transfer-encoding';

// Which leaf parts are message text and which are attachments. The rule is mailparser's, so the
// text mailparser assembles and the attachment list never overlap or miss a part: text/plain,
// text/html and message/delivery-status without an "attachment" disposition are text, every
// other leaf is an attachment. Unlike mailparser, message/rfc822 is never opened inline.
// Attachment indexes are positions in document order; parse and extract both come through here.

const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

export interface LocatedAttachment {
  info: AttachmentInfo;
  part: MimePart;
}

export function isBodyText(part: MimePart): boolean {
  if (part.contentType.startsWith('multipart/')) return false;
  return TEXT_TYPES.has(part.contentType) && (part.disposition === null || part.disposition === 'inline');
}

function insideRelated(part: MimePart): boolean {
  for (let p = part.parent; p; p = p.parent) if (p.contentType === 'multipart/related') return true;
  return false;
}

/** True for images shown inside the HTML (cid: references) rather than offered as files. */
export function isInlineResource(part: MimePart): boolean {
  return part.disposition === 'inline' || (part.contentId !== null && insideRelated(part) && part.disposition !== 'attachment');
}

// The name is shown and put into a download header: no path separators, no control characters.
function cleanFilename(name: string): string {
  return name
    .replace(/[\x00-\x1f\x7f]/g, '')
    .replace(/[/\\]/g, '_')
    .trim()
    .slice(0, 200);
}

function defaultName(contentType: string, index: number): string {
  const base = contentType === 'message/rfc822' ? 'message' : contentType.startsWith('image/') ? 'image' : 'attachment';
  return `${base}-${index + 1}.${contentType === 'message/rfc822' ? 'eml' : extensionForType(contentType)}`;
}

export function listAttachments(root: MimePart, raw: Buffer, opts: { sizes: boolean }): LocatedAttachment[] {
  const out: LocatedAttachment[] = [];
  for (const part of leaves(root)) {
    if (isBodyText(part)) continue;
    const index = out.length;
    const filename = cleanFilename(part.filename ?? '') || defaultName(part.contentType, index);
    let contentType = part.contentType;
    if (contentType === 'application/octet-stream' && part.filename) contentType = typeFromFilename(filename) ?? contentType;
    const info: AttachmentInfo = {
      index,
      filename,
      contentType,
      size: opts.sizes ? decodedSize(raw.subarray(part.bodyStart, part.bodyEnd), part.encoding) : 0,
      inline: isInlineResource(part),
    };
    if (part.contentId) info.contentId = part.contentId;
    out.push({ info, part });
  }
  return out;
}
