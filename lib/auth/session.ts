import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSettings, type MailboxConfig, type Settings } from '@/lib/config';
import { emailTrusted, mailboxesFor } from './access';
import { ForbiddenError, UnauthorizedError } from './errors';
import { attachSessionToken } from './session-secrets';
import { safeReturnTo as safeReturnToApp } from './return-to';
import { currentToken } from './renewal';
import { readSessionToken, type SessionToken } from './token';

export interface SignedInUser {
  /** The IdP's stable subject: the key of this person's read/star/done state (not the email, which can change). */
  sub?: string;
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

export type Current = { state: 'none' | 'expired' } | { state: 'valid'; ctx: UserContext };

/** What a valid session token means now: renewed when due (groups and roles re-read), or over. */
export async function resolveSession(token: SessionToken, settings: Settings, now = Date.now()): Promise<Current> {
  const fresh = await currentToken(settings, token, now);
  // The IdP refused the renewal (account disabled, refresh token revoked): signed out.
  if (fresh === 'refused') return { state: 'expired' };
  const reader = { email: fresh.email, groups: fresh.groups, emailVerified: emailTrusted(fresh.emailVerified, settings.SESAME_TRUST_UNVERIFIED_EMAIL) };
  const ctx: UserContext = {
    user: { sub: fresh.sub, email: fresh.email, name: fresh.name, groups: fresh.groups, sessionKey: fresh.sid },
    mailboxes: mailboxesFor(reader, settings.SESAME_MAILBOXES, settings.SESAME_ACCESS_RULES),
  };
  attachSessionToken(ctx, fresh);
  return { state: 'valid', ctx };
}

// Once per request: the layout and the page both ask.
const current = cache(async (): Promise<Current> => {
  // cookies() first: it marks the page dynamic, so a build never prerenders it (nor reads settings).
  const jar = await cookies();
  const settings = getSettings();
  const read = await readSessionToken(jar.getAll(), settings);
  if (read.state !== 'valid') return { state: read.state };
  return resolveSession(read.token, settings);
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
