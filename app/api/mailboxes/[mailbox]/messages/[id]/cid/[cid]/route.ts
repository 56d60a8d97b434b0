import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/session';
import { errorResponse, NotFoundError } from '@/lib/http';
import { inlineImage } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import { isSafeInlineImage } from '@/lib/mime/media-types';
import { messageParams } from '../../../params';
import { BYTES_HEADERS } from '../../../response-headers';

export const dynamic = 'force-dynamic';

const schema = messageParams.extend({ cid: z.string().min(1).max(998) });

/** GET → the raster image a `cid:` URL in the message HTML names (for the sandboxed body). */
export async function GET(_req: Request, { params }: { params: Promise<{ mailbox: string; id: string; cid: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const { mailbox, id, cid } = schema.parse(await params);
    const source = await sourceFor(ctx, mailbox);
    const part = await inlineImage(source, id, cid);
    // The lib returns raster images only; checked again because this answer is served inline.
    if (!part || !isSafeInlineImage(part.contentType)) throw new NotFoundError('This message has no such image.');
    return new Response(new Uint8Array(part.content), {
      headers: { ...BYTES_HEADERS, 'content-type': part.contentType.toLowerCase(), 'content-length': String(part.content.length) },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
