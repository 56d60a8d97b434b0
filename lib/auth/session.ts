import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSettings, type MailboxConfig } from '@/lib/config';
import { mailboxesFor } from './access';
import { ForbiddenError, UnauthorizedError } from './errors';
import { attachSessionToken } from './session-secrets';
import { safeReturnTo as safeReturnToApp } from './return-to';
import { readSessionToken } from './token';

export interface SignedInUser {
  email: string;
  name: string | null;
  groups: string[];
  /** opaque, stable per session, safe as a cache key, not a secret */
  sessionKey: string;
}

export interface UserContext {
  user: SignedInUser;
  /** The mailboxes this person may read, from lib/config. */
  mailboxes: MailboxConfig[];
}

type Current = { state: 'none' | 'expired' } | { state: 'valid'; ctx: UserContext };

// Once per request: the layout and the page both ask.
const current = cache(async (): Promise<Current> => {
  // cookies() first: it marks the page dynamic, so a build never prerenders it (nor reads settings).
  const jar = await cookies();
  const settings = getSettings();
  const read = await readSessionToken(jar.getAll(), settings);
  if (read.state !== 'valid') return { state: read.state };
  const { token } = read;
  const ctx: UserContext = {
    user: { email: token.email, name: token.name, groups: token.groups, sessionKey: token.sid },
    mailboxes: mailboxesFor({ email: token.email, groups: token.groups }, settings.SESAME_MAILBOXES, settings.SESAME_ACCESS_RULES),
  };
  attachSessionToken(ctx, token);
  return { state: 'valid', ctx };
});

/** A path of this app or "/", never another origin: see return-to.ts (the one owner of return addresses). */
export function safeReturnTo(returnTo: string | null | undefined, appUrl?: string): string {
  return safeReturnToApp(returnTo, appUrl ?? getSettings().NEXTAUTH_URL);
}

export function signInPath(returnTo: string, reason?: 'expired'): string {
  // Our own paths only (from requireUser): no app URL needed, a full URL would fall back to "/".
  const q = new URLSearchParams({ callbackUrl: safeReturnToApp(returnTo, undefined) });
  if (reason) q.set('reason', reason);
  return `/signin?${q.toString()}`;
}

/** Pages: the signed-in person, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<UserContext> {
  const now = await current();
  if (now.state === 'valid') return now.ctx;
  redirect(signInPath(returnTo, now.state === 'expired' ? 'expired' : undefined));
}

/** Route handlers: the signed-in person, or UnauthorizedError (401). */
export async function requireApiUser(): Promise<UserContext> {
  const now = await current();
  if (now.state === 'valid') return now.ctx;
  throw new UnauthorizedError(now.state === 'expired' ? 'Your session has expired. Please sign in again.' : 'Please sign in.');
}

/** The mailbox if this person may read it; ForbiddenError (403) when not allowed or unknown, alike. */
export function requireMailbox(ctx: UserContext, mailboxId: string): MailboxConfig {
  const mailbox = ctx.mailboxes.find((m) => m.id === mailboxId);
  if (!mailbox) throw new ForbiddenError('You may not read this mailbox.');
  return mailbox;
}
