import type { InboxPage } from '@/lib/types';
import { inboxPage } from '@/lib/mailstore/service';
import { mailRoute } from './mail-route';
import { listQuery, mailboxOnly } from './params';
import { NO_STORE } from './response-headers';

export const dynamic = 'force-dynamic';

/**
 * GET ?page=&pageSize=25|50|100&q=&fresh=1&view=inbox|done|starred|all&threads=1&thread=ID → one
 * page of the inbox, newest first (view defaults to inbox: without what the reader marked done;
 * threads=1: one row per conversation; thread=ID: that conversation, oldest first).
 */
export const GET = mailRoute(mailboxOnly, async ({ url, source }) => {
  const { page, pageSize, q, fresh, view, threads, thread } = listQuery.parse(Object.fromEntries(url.searchParams));
  const body: InboxPage = await inboxPage(source, { page, pageSize, query: q, fresh: fresh === '1', view, threads: threads === '1', thread });
  return Response.json(body, { headers: NO_STORE });
});
