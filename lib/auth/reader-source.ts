import 'server-only';
import { getSettings } from '@/lib/config';
import { mailSource, type MailSource } from '@/lib/mailstore/mail-source';
import { readerRights, type ReaderRights } from './credentials';
import { requireMailbox, type UserContext } from './session';

/**
 * The cache partition of one person's reads: the rights that made the entries (role ARN and the
 * IdP's `sub`) and when those credentials expire. New credentials (renewed, another role after a
 * group change, a revoked key policy showing up at the next AssumeRole) give a new scope, so rows
 * made with the old rights are never served again and age out of the bounded caches.
 */
export function readerScope(rights: ReaderRights): string {
  return `role:${rights.roleArn}|sub:${rights.sub}|until:${rights.credentials.expiration?.getTime() ?? 0}`;
}

/** The mailbox as this person may read it: access rules first, then their own AWS credentials. */
export async function sourceFor(ctx: UserContext, mailboxId: string): Promise<MailSource> {
  const mailbox = requireMailbox(ctx, mailboxId);
  const rights = await readerRights(ctx, mailbox);
  // Caches follow the rights: IAM and the key policy decide what each may see, even a subject line.
  const scope = rights ? readerScope(rights) : 'server';
  const source = await mailSource(mailbox, getSettings(), { credentials: rights?.credentials, scope });
  return { ...source, reader: ctx.user.email, person: ctx.user.sub, ...(rights?.credentials.expiration ? { cacheExpiresAt: rights.credentials.expiration.getTime() } : {}) };
}
