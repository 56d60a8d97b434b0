import 'server-only';
import { processWide } from '@/lib/process-wide';
import { cookies } from 'next/headers';
import type { Settings } from '@/lib/config';
import { emailVerifiedClaim } from './access';
import { renewedTokens, storeRenewedTokens } from './credential-cache';
import { UnauthorizedError } from './errors';
import { refreshIdToken } from './oidc';
import { claimValues } from './roles';
import { writeSessionToken, type SessionToken } from './token';

// Renewal of the ID token through the refresh token, and with it the person's groups and role
// claims: they are re-read from every renewed ID token, so a change at the IdP (a group removed,
// a role downgraded) takes effect at the next renewal, not at the next sign-in.

/** An ID token with less than this left is renewed before the session is used. */
export const ID_TOKEN_MIN_LEFT_S = 60;

const pendingRenewals = processWide('auth.pendingRenewals', () => new Map<string, Promise<SessionToken>>());

/** The newest state of this session: the cookie's, or what this replica renewed since. */
export function latestToken(token: SessionToken): SessionToken {
  const renewed = renewedTokens(token.sid);
  return renewed && renewed.idTokenExp > token.idTokenExp ? renewed : token;
}

/** The session after one renewal: new tokens, and groups and role claims as the new ID token says. */
export function renewedSession(token: SessionToken, fresh: { idToken: string; idTokenExp: number; refreshToken: string; claims: Record<string, unknown> }, settings: Pick<Settings, 'SESAME_ROLE_CLAIM'>): SessionToken {
  const verified = emailVerifiedClaim(fresh.claims.email_verified);
  return {
    ...token,
    idToken: fresh.idToken,
    idTokenExp: fresh.idTokenExp,
    refreshToken: fresh.refreshToken,
    // A renewed token without the claim means no groups now: never the old ones.
    groups: claimValues(fresh.claims.groups),
    roleClaims: claimValues(fresh.claims[settings.SESAME_ROLE_CLAIM]),
    // Some IdPs put the email claims only in userinfo: an absent claim keeps what sign-in saw.
    ...(verified === null ? {} : { emailVerified: verified }),
  };
}

/** Renew now (one renewal per session at a time on this replica). UnauthorizedError when the IdP refuses. */
export function renew(settings: Settings, token: SessionToken): Promise<SessionToken> {
  const refreshToken = token.refreshToken;
  if (!refreshToken) return Promise.reject(new UnauthorizedError('Your sign-in has expired. Please sign in again.'));
  let pending = pendingRenewals.get(token.sid);
  if (!pending) {
    pending = (async () => {
      const fresh = await refreshIdToken(settings, refreshToken, token.sub);
      const next = renewedSession(token, fresh, settings);
      storeRenewedTokens(token.sid, next);
      await persist(settings, next);
      return next;
    })().finally(() => pendingRenewals.delete(token.sid));
    pendingRenewals.set(token.sid, pending);
  }
  return pending;
}

/**
 * The session as it stands now: renewed first when its ID token has (almost) expired and a
 * refresh token is there. 'refused' when the IdP refuses the renewal: the session is over.
 * Without a refresh token nothing can be renewed; the last known claims stay (web-identity mode
 * then refuses AWS credentials, see credentials.ts).
 */
export async function currentToken(settings: Settings, token: SessionToken, now = Date.now()): Promise<SessionToken | 'refused'> {
  const latest = latestToken(token);
  if (latest.idTokenExp - now / 1000 >= ID_TOKEN_MIN_LEFT_S || !latest.refreshToken) return latest;
  try {
    return await renew(settings, latest);
  } catch (err) {
    if (err instanceof UnauthorizedError) return 'refused';
    throw err;
  }
}

/**
 * Write the renewed session back into the cookie where Next allows it (route handlers, server
 * actions). During a page render it does not; this replica then keeps it in memory, and another
 * replica renews again from the cookie's refresh token.
 */
async function persist(settings: Settings, token: SessionToken): Promise<void> {
  try {
    await writeSessionToken(await cookies(), token, settings);
  } catch {
    // Not writable here (server component render): memory only, see README.md.
  }
}
