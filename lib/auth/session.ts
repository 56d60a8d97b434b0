import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSettings, type MailboxConfig } from '@/lib/config';
import { mailboxesFor } from './access';
import { ForbiddenError, UnauthorizedError } from './errors';
import { attachSessionToken } from './session-secrets';
import { readSessionToken } from './token';

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
    user: { sub: token.sub, email: token.email, name: token.name, groups: token.groups, sessionKey: token.sid },
    mailboxes: mailboxesFor({ email: token.email, groups: token.groups }, settings.SESAME_MAILBOXES, settings.SESAME_ACCESS_RULES),
  };
  attachSessionToken(ctx, token);
  return { state: 'valid', ctx };
});

/**
 * A path inside this app, or "/": never another origin (`//host`, `/\host`, `https:`). A full
 * URL of this app (next-auth passes those) becomes its path.
 */
export function safeReturnTo(returnTo: string | null | undefined, appUrl?: string): string {
  if (!returnTo) return '/';
  if (!returnTo.startsWith('/')) {
    try {
      const url = new URL(returnTo);
      const app = appUrl ?? getSettings().NEXTAUTH_URL;
      if (app && url.origin === new URL(app).origin) returnTo = `${url.pathname}${url.search}`;
    } catch {
      return '/';
    }
  }
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.startsWith('/\\')) return '/';
  return returnTo;
}

export function signInPath(returnTo: string, reason?: 'expired'): string {
  const q = new URLSearchParams({ callbackUrl: safeReturnTo(returnTo) });
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
