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
 * GET → one attachment, always as a download. Only `?inline=1` previews of raster images keep
 * their type (for <img>); everything else is application/octet-stream, so nothing a sender
 * wrote can become a page of this origin.
 */
export const GET = mailRoute(schema, async ({ url, params, source }) => {
  const part = await attachment(source, params.id, params.index);
  if (!part) throw new NotFoundError('This message has no such attachment.');
  const preview = flag(url, 'inline') && isSafeInlineImage(part.contentType);
  return new Response(new Uint8Array(part.content), {
    headers: {
      ...BYTES_HEADERS,
      'content-type': preview ? part.contentType.toLowerCase() : 'application/octet-stream',
      'content-disposition': attachmentDisposition(part.filename, `attachment-${params.index + 1}`),
      'content-length': String(part.content.length),
    },
  });
});
