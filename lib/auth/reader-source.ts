import 'server-only';
import { getSettings } from '@/lib/config';
import { mailSource, type MailSource } from '@/lib/mailstore/mail-source';
import { credentialsFor } from './credentials';
import { requireMailbox, type UserContext } from './session';

/** The mailbox as this person may read it: access rules first, then their own AWS credentials. */
export async function sourceFor(ctx: UserContext, mailboxId: string): Promise<MailSource> {
  const mailbox = requireMailbox(ctx, mailboxId);
  const credentials = await credentialsFor(ctx, mailbox);
  // Caches are per person: IAM and the key policy decide what each may see, even a subject line.
  const source = await mailSource(mailbox, getSettings(), { credentials, scope: credentials ? `person:${ctx.user.email}` : 'server' });
  return { ...source, reader: ctx.user.email, person: ctx.user.sub };
}
