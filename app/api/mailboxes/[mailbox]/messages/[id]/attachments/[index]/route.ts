import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/session';
import { errorResponse, NotFoundError } from '@/lib/http';
import { attachment } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import { isSafeInlineImage } from '@/lib/mime/media-types';
import { flag, messageParams } from '../../../params';
import { attachmentDisposition, BYTES_HEADERS } from '../../../response-headers';

export const dynamic = 'force-dynamic';

const schema = messageParams.extend({ index: z.coerce.number().int().min(0).max(10_000) });

/**
 * GET → one attachment, always as a download. Only `?inline=1` previews of raster images keep
 * their type (for <img>); everything else is application/octet-stream, so nothing a sender
 * wrote can become a page of this origin.
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ mailbox: string; id: string; index: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const { mailbox, id, index } = schema.parse(await params);
    const source = await sourceFor(ctx, mailbox);
    const part = await attachment(source, id, index);
    if (!part) throw new NotFoundError('This message has no such attachment.');
    const preview = flag(req.nextUrl, 'inline') && isSafeInlineImage(part.contentType);
    return new Response(new Uint8Array(part.content), {
      headers: {
        ...BYTES_HEADERS,
        'content-type': preview ? part.contentType.toLowerCase() : 'application/octet-stream',
        'content-disposition': attachmentDisposition(part.filename, `attachment-${index + 1}`),
        'content-length': String(part.content.length),
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
