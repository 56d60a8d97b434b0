import type { NextRequest } from 'next/server';
import { requireApiUser } from '@/lib/auth/session';
import { errorResponse } from '@/lib/http';
import { messageDetail } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import { flag, messageParams } from '../params';
import { NO_STORE } from '../response-headers';

export const dynamic = 'force-dynamic';

/** GET → MessageDetail; `?remote=1` lets the sanitizer keep remote images. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ mailbox: string; id: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const { mailbox, id } = messageParams.parse(await params);
    const source = await sourceFor(ctx, mailbox);
    const detail = await messageDetail(source, id, { allowRemote: flag(req.nextUrl, 'remote') });
    return Response.json(detail, { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
