import 'server-only';
import type { Settings } from '@/lib/config';
import { UnauthorizedError } from './errors';
import { jwtClaims } from './token';

export interface Discovery {
  issuer: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
}

const DISCOVERY_TTL_MS = 10 * 60_000;
let discovery: { issuer: string; at: number; doc: Discovery } | undefined;

export function wellKnownUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

export async function discover(settings: Settings): Promise<Discovery> {
  const issuer = settings.OIDC_ISSUER;
  if (!issuer) throw new Error('OIDC_ISSUER is not set');
  if (discovery && discovery.issuer === issuer && Date.now() - discovery.at < DISCOVERY_TTL_MS) return discovery.doc;
  const res = await fetch(wellKnownUrl(issuer), { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`identity provider discovery failed: HTTP ${res.status}`);
  const doc = (await res.json()) as Discovery;
  if (typeof doc.token_endpoint !== 'string') throw new Error('identity provider discovery has no token_endpoint');
  discovery = { issuer, at: Date.now(), doc };
  return doc;
}

export interface RefreshedTokens {
  idToken: string;
  idTokenExp: number;
  /** A rotated refresh token when the IdP sent one, else the one used. */
  refreshToken: string;
  /** The new ID token's claims (groups, role claim, email_verified are re-read from them). */
  claims: Record<string, unknown>;
}

/**
 * Trade the refresh token for a new ID token at the token endpoint (client_secret_basic).
 * The ID token comes straight from the IdP over TLS with client authentication, so its
 * signature is not checked here (OIDC Core 3.1.3.7); STS checks it anyway. Issuer, audience,
 * subject and expiry are.
 */
export async function refreshIdToken(settings: Settings, refreshToken: string, expectedSub: string): Promise<RefreshedTokens> {
  const doc = await discover(settings);
  const clientId = settings.OIDC_CLIENT_ID ?? '';
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(settings.OIDC_CLIENT_SECRET ?? '')}`).toString('base64');
  const res = await fetch(doc.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    // invalid_grant: revoked, expired or already used. The person has to sign in again.
    if (res.status === 400 || res.status === 401) throw new UnauthorizedError('Your sign-in has expired. Please sign in again.');
    throw new Error(`identity provider token endpoint answered HTTP ${res.status}`);
  }
  const idToken = body.id_token;
  if (typeof idToken !== 'string') throw new UnauthorizedError('Your identity provider did not renew the sign-in. Please sign in again.');
  const claims = jwtClaims(idToken);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== doc.issuer || !aud.includes(clientId) || claims.sub !== expectedSub || typeof claims.exp !== 'number') {
    throw new UnauthorizedError('The renewed sign-in did not match this session. Please sign in again.');
  }
  return {
    idToken,
    idTokenExp: claims.exp,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : refreshToken,
    claims,
  };
}
