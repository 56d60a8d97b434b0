import type { z } from 'zod';
import { sourceFor } from '@/lib/auth/reader-source';
import { requireApiUser } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import type { MailSource } from '@/lib/mailstore/mail-source';

// Every mail route: the session, then its parameters, then the person's own view of the mailbox
// (access rules, their AWS credentials). The handler makes one lib call and answers.
export function mailRoute<S extends z.ZodType<{ mailbox: string; id?: string }>>(
  schema: S,
  handler: (args: { req: Request; url: URL; params: z.infer<S>; source: MailSource }) => Promise<Response>,
) {
  return apiRoute<Record<string, string>>(async (req, raw, note) => {
    const ctx = await requireApiUser();
    note.person = ctx.user.email;
    const params = schema.parse(raw);
    note.mailbox = params.mailbox;
    const source = await sourceFor(ctx, params.mailbox);
    if (params.id) note.key = source.prefix + params.id;
    return handler({ req, url: new URL(req.url), params, source });
  });
}
