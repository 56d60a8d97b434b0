import { requireApiUser, requireMailbox } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import type { MailboxInfo } from '@/lib/types';

export const dynamic = 'force-dynamic';

/** One mailbox's public description, for a person allowed to read it. */
export const GET = apiRoute<{ mailbox: string }>(async (_req, params, note) => {
  const ctx = await requireApiUser();
  note.person = ctx.user.email;
  note.mailbox = params.mailbox;
  const mailbox = requireMailbox(ctx, params.mailbox);
  const body: MailboxInfo = { id: mailbox.id, label: mailbox.label };
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
});
