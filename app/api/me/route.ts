import type { NextRequest } from 'next/server';
import { authErrorResponse } from '@/lib/auth/errors';
import { awsIdentityFor } from '@/lib/auth/credentials';
import { credentialsMode } from '@/lib/auth/roles';
import { requireApiUser, requireMailbox } from '@/lib/auth/session';
import { getSettings } from '@/lib/config';
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

export async function GET(req: NextRequest): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const body: MeResponse = {
      email: ctx.user.email,
      name: ctx.user.name,
      groups: ctx.user.groups,
      mailboxes: ctx.mailboxes.map((m) => ({ id: m.id, label: m.label })),
      credentialsMode: credentialsMode(getSettings()),
    };
    const awsFor = req.nextUrl.searchParams.get('aws');
    if (awsFor !== null) body.aws = await awsIdentityFor(ctx, requireMailbox(ctx, awsFor));
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const res = authErrorResponse(err);
    if (res) return res;
    console.error(`[api/me] ${err instanceof Error ? err.name : 'Error'}`);
    return Response.json({ error: 'Something went wrong. Please try again.' }, { status: 500 });
  }
}
