import 'server-only';
import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import type { Settings } from '@/lib/config';

// The next-auth JWT: encrypted (JWE, A256GCM, key derived from NEXTAUTH_SECRET) in an HttpOnly
// cookie. It is the only place the ID token and refresh token are kept, see README.md.

export const sessionTokenSchema = z.object({
  sub: z.string().min(1),
  email: z.string().min(3),
  name: z.string().nullable(),
  groups: z.array(z.string()),
  /** The IdP's email_verified at sign-in or the last renewal: true, false, or null when it sent none. Older cookies: absent. */
  emailVerified: z.boolean().nullable().optional(),
  /** Values of SESAME_ROLE_CLAIM at sign-in, for SESAME_ROLE_MAP. */
  roleClaims: z.array(z.string()),
  /** Random per sign-in: the key of this session's cached credentials. */
  sid: z.string().min(16),
  /** Seconds since the epoch. The session ends SESAME_SESSION_MAX_AGE after this, whatever else refreshes. */
  signedInAt: z.number().int(),
  idToken: z.string().min(10),
  /** `exp` of the ID token, seconds since the epoch. */
  idTokenExp: z.number().int(),
  refreshToken: z.string().min(1).optional(),
  /** The IdP's `login_hint` claim (Entra ID), sent as `logout_hint` at sign-out; not a credential. */
  logoutHint: z.string().optional(),
});
export type SessionToken = z.infer<typeof sessionTokenSchema>;

// next-auth splits a cookie value longer than this into name.0, name.1, … (core/lib/cookie.js).
const CHUNK_SIZE = 4096 - 163;

export function usesSecureCookies(settings: Pick<Settings, 'NEXTAUTH_URL'>): boolean {
  return settings.NEXTAUTH_URL?.startsWith('https://') ?? false;
}

export function sessionCookieName(settings: Pick<Settings, 'NEXTAUTH_URL'>): string {
  // `__Host-`: Secure, Path=/ and no Domain, enforced by the browser (see options.ts).
  return `${usesSecureCookies(settings) ? '__Host-' : ''}next-auth.session-token`;
}

export interface CookieLike {
  name: string;
  value: string;
}

/** The session cookie's value, joined from its chunks when next-auth split it. */
export function sessionCookieValue(all: readonly CookieLike[], name: string): string | undefined {
  const whole = all.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = all
    .map((c) => ({ c, m: c.name.startsWith(`${name}.`) ? /^\d+$/.exec(c.name.slice(name.length + 1)) : null }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![0]) - Number(b.m![0]));
  return chunks.length ? chunks.map((x) => x.c.value).join('') : undefined;
}

export type SessionRead =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'valid'; token: SessionToken };

/** Decrypt and check the session cookie; an absolute lifetime applies on top of the JWT's own `exp`. */
export async function readSessionToken(all: readonly CookieLike[], settings: Settings, now = Date.now()): Promise<SessionRead> {
  const raw = sessionCookieValue(all, sessionCookieName(settings));
  if (!raw || !settings.NEXTAUTH_SECRET) return { state: 'none' };
  let payload: unknown;
  try {
    payload = await decode({ token: raw, secret: settings.NEXTAUTH_SECRET });
  } catch {
    // Expired JWT, another secret, or tampering: all mean "sign in again".
    return { state: 'expired' };
  }
  const parsed = sessionTokenSchema.safeParse(payload);
  if (!parsed.success) return { state: 'expired' };
  if (parsed.data.signedInAt + settings.SESAME_SESSION_MAX_AGE <= Math.floor(now / 1000)) return { state: 'expired' };
  return { state: 'valid', token: parsed.data };
}

export interface CookieWriter {
  getAll(): CookieLike[];
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: 'lax'; secure: boolean; path: string; maxAge: number }): unknown;
  delete(name: string): unknown;
}

/** Re-encrypt the token into the cookie(s), keeping the session's end where it was. */
export async function writeSessionToken(jar: CookieWriter, token: SessionToken, settings: Settings, now = Date.now()): Promise<void> {
  if (!settings.NEXTAUTH_SECRET) return;
  const remaining = token.signedInAt + settings.SESAME_SESSION_MAX_AGE - Math.floor(now / 1000);
  if (remaining <= 0) return;
  const name = sessionCookieName(settings);
  const value = await encode({ token: { ...token }, secret: settings.NEXTAUTH_SECRET, maxAge: remaining });
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: usesSecureCookies(settings), path: '/', maxAge: remaining };
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += CHUNK_SIZE) chunks.push(value.slice(i, i + CHUNK_SIZE));
  const names = chunks.length === 1 ? [name] : chunks.map((_, i) => `${name}.${i}`);
  names.forEach((n, i) => jar.set(n, chunks[i]!, options));
  for (const c of jar.getAll()) {
    if ((c.name === name || c.name.startsWith(`${name}.`)) && !names.includes(c.name)) jar.delete(c.name);
  }
}

/** The claims of a JWT, unverified: only for tokens received straight from the IdP's token endpoint. */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!claims || typeof claims !== 'object') throw new Error('not a JWT');
  return claims as Record<string, unknown>;
}
