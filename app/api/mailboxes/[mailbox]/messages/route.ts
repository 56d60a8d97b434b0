import type { NextRequest } from 'next/server';
import { requireApiUser } from '@/lib/auth/session';
import { errorResponse } from '@/lib/http';
import { inboxPage } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import type { InboxPageData } from '@/components/mail/use-inbox';
import { listQuery, mailboxParam } from './params';
import { NO_STORE } from './response-headers';

export const dynamic = 'force-dynamic';

/** GET ?page=&pageSize=25|50|100&q=&fresh=1 → one page of the inbox, newest first. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ mailbox: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const mailbox = mailboxParam.parse((await params).mailbox);
    const { page, pageSize, q, fresh } = listQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
    const source = await sourceFor(ctx, mailbox);
    const body: InboxPageData = await inboxPage(source, { page, pageSize, query: q, fresh: fresh === '1' });
    return Response.json(body, { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
