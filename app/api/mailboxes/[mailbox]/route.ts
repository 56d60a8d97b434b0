import { authErrorResponse } from '@/lib/auth/errors';
import { requireApiUser, requireMailbox } from '@/lib/auth/session';
import type { MailboxInfo } from '@/lib/types';

export const dynamic = 'force-dynamic';

/** One mailbox's public description, for a person allowed to read it. */
export async function GET(_req: Request, { params }: { params: Promise<{ mailbox: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const mailbox = requireMailbox(ctx, (await params).mailbox);
    const body: MailboxInfo = { id: mailbox.id, label: mailbox.label };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const res = authErrorResponse(err);
    if (res) return res;
    return Response.json({ error: 'Something went wrong. Please try again.' }, { status: 500 });
  }
}
