import { z } from 'zod';
import { NotFoundError } from '@/lib/http';
import { attachment } from '@/lib/mailstore/service';
import { isSafeInlineImage } from '@/lib/mime/media-types';
import { mailRoute } from '../../../mail-route';
import { flag, messageParams } from '../../../params';
import { attachmentDisposition, BYTES_HEADERS } from '../../../response-headers';

export const dynamic = 'force-dynamic';

const schema = messageParams.extend({ index: z.coerce.number().int().min(0).max(10_000) });

/**
 * GET → one attachment, always as a download. Only `?inline=1` previews keep their type: raster
 * images (for <img>) and PDFs (for the browser's own viewer in an iframe); everything else is
 * application/octet-stream, so nothing a sender wrote can become a page of this origin.
 */
export const GET = mailRoute(schema, async ({ url, params, source }) => {
  const part = await attachment(source, params.id, params.index);
  if (!part) throw new NotFoundError('This message has no such attachment.');
  const inline = flag(url, 'inline');
  const preview = inline && isSafeInlineImage(part.contentType);
  // Chromium's PDF viewer renders a response under BYTES_HEADERS' `sandbox` CSP (tried in headless
  // Debian Chromium): the document gets an opaque origin, so nothing in the PDF reaches this one.
  const pdf = inline && part.contentType.toLowerCase() === 'application/pdf' && part.content.subarray(0, 5).toString('latin1') === '%PDF-';
  const disposition = attachmentDisposition(part.filename, `attachment-${params.index + 1}`);
  return new Response(new Uint8Array(part.content), {
    headers: {
      ...BYTES_HEADERS,
      'content-type': preview ? part.contentType.toLowerCase() : pdf ? 'application/pdf' : 'application/octet-stream',
      'content-disposition': pdf ? disposition.replace(/^attachment/, 'inline') : disposition,
      'content-length': String(part.content.length),
    },
  });
});
