import { z } from 'zod';
import { NotFoundError } from '@/lib/http';
import { inlineImage } from '@/lib/mailstore/service';
import { isSafeInlineImage } from '@/lib/mime/media-types';
import { mailRoute } from '../../../mail-route';
import { messageParams } from '../../../params';
import { BYTES_HEADERS } from '../../../response-headers';

export const dynamic = 'force-dynamic';

const schema = messageParams.extend({ cid: z.string().min(1).max(998) });

/** GET → the raster image a `cid:` URL in the message HTML names (for the sandboxed body). */
export const GET = mailRoute(schema, async ({ params, source }) => {
  const part = await inlineImage(source, params.id, params.cid);
  // The lib returns raster images only; checked again because this answer is served inline.
  if (!part || !isSafeInlineImage(part.contentType)) throw new NotFoundError('This message has no such image.');
  return new Response(new Uint8Array(part.content), {
    headers: { ...BYTES_HEADERS, 'content-type': part.contentType.toLowerCase(), 'content-length': String(part.content.length) },
  });
});
