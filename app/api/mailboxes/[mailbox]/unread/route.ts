import { unreadIn } from '@/lib/index/service';
import { mailRoute } from '../messages/mail-route';
import { mailboxOnly } from '../messages/params';
import { NO_STORE } from '../messages/response-headers';

export const dynamic = 'force-dynamic';

export type UnreadResponse = { unread: number };

/** GET → how many messages of this mailbox the reader has not read (nor marked done). */
export const GET = mailRoute(mailboxOnly, async ({ source }) => {
  const body: UnreadResponse = { unread: await unreadIn(source) };
  return Response.json(body, { headers: NO_STORE });
});
