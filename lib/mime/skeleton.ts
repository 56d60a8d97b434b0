import 'server-only';
import { randomBytes } from 'node:crypto';
import { isBodyText } from './attachments';
import type { MimePart } from './structure';

// A copy of the message holding only its text parts, rebuilt from the scanned tree with
// canonical headers. mailparser then assembles text and HTML (charsets, format=flowed, the
// multipart/alternative choice) from a few kilobytes instead of decoding every attachment, and
// it sees exactly the structure the scanner found, whatever odd headers the original used.

const CRLF = '\r\n';

function token(value: string | undefined, pattern: RegExp): string | null {
  return value && pattern.test(value) ? value : null;
}

function leafHead(part: MimePart): string {
  let type = part.contentType;
  const charset = token(part.contentParams.get('charset'), /^[A-Za-z0-9._:+-]{1,64}$/);
  if (charset) type += `; charset="${charset}"`;
  if (part.contentType === 'text/plain' && part.contentParams.get('format')?.toLowerCase() === 'flowed') {
    type += '; format=flowed';
    if (part.contentParams.get('delsp')?.toLowerCase() === 'yes') type += '; delsp=yes';
  }
  const encoding = part.encoding === 'base64' || part.encoding === 'quoted-printable' ? part.encoding : '8bit';
  return `Content-Type: ${type}${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}`;
}

function hasText(part: MimePart): boolean {
  return part.contentType.startsWith('multipart/') ? part.children.some(hasText) : isBodyText(part);
}

export function buildSkeleton(root: MimePart, raw: Buffer): Buffer {
  const chunks: Buffer[] = [Buffer.from(`MIME-Version: 1.0${CRLF}`)];
  const tag = randomBytes(12).toString('hex');
  let counter = 0;
  const emit = (part: MimePart): void => {
    if (!part.contentType.startsWith('multipart/')) {
      chunks.push(Buffer.from(leafHead(part)), raw.subarray(part.bodyStart, part.bodyEnd));
      return;
    }
    const boundary = `=_sesame_${tag}_${counter++}`;
    const subtype = token(part.contentType.slice('multipart/'.length), /^[a-z0-9.+-]{1,64}$/) ?? 'mixed';
    chunks.push(Buffer.from(`Content-Type: multipart/${subtype}; boundary="${boundary}"${CRLF}${CRLF}`));
    for (const child of part.children) {
      if (!hasText(child)) continue;
      chunks.push(Buffer.from(`--${boundary}${CRLF}`));
      emit(child);
      chunks.push(Buffer.from(CRLF));
    }
    chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  };
  if (hasText(root)) emit(root);
  else chunks.push(Buffer.from(`Content-Type: text/plain${CRLF}${CRLF}`));
  return Buffer.concat(chunks);
}

/** Encoded bytes of all text parts: what mailparser would have to decode. */
export function textBytes(root: MimePart): number {
  if (root.contentType.startsWith('multipart/')) return root.children.reduce((n, c) => n + textBytes(c), 0);
  return isBodyText(root) ? root.bodyEnd - root.bodyStart : 0;
}
