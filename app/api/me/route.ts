import { awsIdentityFor } from '@/lib/auth/credentials';
import { credentialsMode } from '@/lib/auth/roles';
import { requireApiUser, requireMailbox } from '@/lib/auth/session';
import { getSettings } from '@/lib/config';
import { apiRoute } from '@/lib/http';
import type { MailboxInfo } from '@/lib/types';

export const dynamic = 'force-dynamic';

export interface MeResponse {
  email: string;
  name: string | null;
  groups: string[];
  mailboxes: MailboxInfo[];
  credentialsMode: 'web-identity' | 'server';
  /** With ?aws=<mailbox id>: who AWS sees when this person reads that mailbox (never the keys). */
  aws?: { arn: string; account: string } | null;
}

export const GET = apiRoute(async (req, _params, note) => {
  const ctx = await requireApiUser();
  note.person = ctx.user.email;
  const body: MeResponse = {
    email: ctx.user.email,
    name: ctx.user.name,
    groups: ctx.user.groups,
    mailboxes: ctx.mailboxes.map((m) => ({ id: m.id, label: m.label })),
    credentialsMode: credentialsMode(getSettings()),
  };
  const awsFor = new URL(req.url).searchParams.get('aws');
  if (awsFor !== null) body.aws = await awsIdentityFor(ctx, requireMailbox(ctx, awsFor));
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
});
