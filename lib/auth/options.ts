import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions, Profile } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getSettings, SettingsError, type Settings } from '@/lib/config';
import { emailVerifiedClaim } from './access';
import { forgetSession } from './credential-cache';
import { wellKnownUrl } from './oidc';
import { authSettingsProblems, claimValues } from './roles';
import { safeReturnTo } from './return-to';
import { jwtClaims, sessionCookieName, sessionTokenSchema, usesSecureCookies, type SessionToken } from './token';

export const PROVIDER_ID = 'sso';

type Claims = Profile & Record<string, unknown>;

function ssoProvider(settings: Settings): OAuthConfig<Claims> {
  return {
    id: PROVIDER_ID,
    name: 'SSO',
    type: 'oauth',
    wellKnown: wellKnownUrl(settings.OIDC_ISSUER!),
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET,
    client: { token_endpoint_auth_method: 'client_secret_basic' },
    authorization: { params: { scope: settings.OIDC_SCOPES } },
    idToken: true,
    checks: ['pkce', 'state'],
    userinfo: {
      // The ID token's claims (openid-client verified it in the callback) first; some IdPs
      // leave email out of it, then the userinfo endpoint is asked.
      async request({ tokens, client }) {
        if (!tokens.id_token) throw new Error('the identity provider sent no ID token');
        const claims = jwtClaims(tokens.id_token) as Claims;
        if (!claims.email && tokens.access_token) {
          const info = (await client.userinfo(tokens.access_token)) as Claims;
          if (info.sub === claims.sub) return { ...info, ...claims, email: info.email };
        }
        return claims;
      },
    },
    profile(claims) {
      return { id: String(claims.sub), email: typeof claims.email === 'string' ? claims.email.toLowerCase() : null, name: typeof claims.name === 'string' ? claims.name : null };
    },
  };
}

/**
 * Over https the session cookie is `__Host-` prefixed: the browser then insists on Secure, Path=/
 * and no Domain, so a sibling subdomain cannot plant or overwrite it. Over http (local dev and the
 * tests) a browser refuses `__Host-` cookies, so the plain name is kept there.
 */
export function sessionCookieOptions(settings: Pick<Settings, 'NEXTAUTH_URL'>): NextAuthOptions['cookies'] {
  return {
    sessionToken: {
      name: sessionCookieName(settings),
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: usesSecureCookies(settings) },
    },
  };
}

let built: { settings: Settings; options: NextAuthOptions } | undefined;

/** next-auth options, built on first use (never at build time: settings come from the running environment). */
export function authOptions(): NextAuthOptions {
  const settings = getSettings();
  if (built?.settings === settings) return built.options;
  const problems = authSettingsProblems(settings);
  if (problems.length) throw new SettingsError(problems);
  const maxAge = settings.SESAME_SESSION_MAX_AGE;

  const options: NextAuthOptions = {
    secret: settings.NEXTAUTH_SECRET,
    providers: [ssoProvider(settings)],
    session: { strategy: 'jwt', maxAge },
    jwt: { maxAge },
    pages: { signIn: '/signin', error: '/signin', signOut: '/signin' },
    cookies: sessionCookieOptions(settings),
    callbacks: {
      // Every place next-auth sends the browser after sign-in: through the one return-address check.
      redirect({ url, baseUrl }) {
        return `${baseUrl.replace(/\/+$/, '')}${safeReturnTo(url, baseUrl)}`;
      },
      signIn({ profile }) {
        const claims = (profile ?? {}) as Claims;
        if (typeof claims.email !== 'string' || !claims.email.includes('@')) return '/signin?error=NoEmail';
        // An IdP that says outright the address is unverified does not get to name a reader.
        if (emailVerifiedClaim(claims.email_verified) === false) return '/signin?error=EmailNotVerified';
        return true;
      },
      async jwt({ token, account, profile }) {
        if (account && profile) {
          const claims = profile as Claims;
          const idToken = account.id_token;
          if (!idToken) throw new Error('the identity provider sent no ID token');
          const idClaims = jwtClaims(idToken);
          const session: SessionToken = {
            sub: String(claims.sub),
            email: String(claims.email).toLowerCase(),
            name: typeof claims.name === 'string' ? claims.name : null,
            groups: claimValues(claims.groups),
            emailVerified: emailVerifiedClaim(claims.email_verified),
            // Entra ID's optional login_hint claim: its logout_hint at sign-out (never a token).
            ...(typeof idClaims.login_hint === 'string' && idClaims.login_hint.length < 1024 ? { logoutHint: idClaims.login_hint } : {}),
            roleClaims: claimValues(claims[settings.SESAME_ROLE_CLAIM]),
            sid: randomUUID(),
            signedInAt: Math.floor(Date.now() / 1000),
            idToken,
            idTokenExp: typeof idClaims.exp === 'number' ? idClaims.exp : 0,
            ...(account.refresh_token ? { refreshToken: account.refresh_token } : {}),
          };
          // Only this object goes into the cookie: no access token, no picture, nothing else.
          return session;
        }
        return token;
      },
      // What /api/auth/session and useSession() see: never a token.
      session({ session, token }) {
        const parsed = sessionTokenSchema.safeParse(token);
        return { expires: session.expires, user: parsed.success ? { email: parsed.data.email, name: parsed.data.name } : undefined };
      },
    },
    events: {
      signOut({ token }) {
        const sid = (token as { sid?: unknown } | null)?.sid;
        if (typeof sid === 'string') forgetSession(sid);
      },
    },
    logger: {
      // Codes and messages only: next-auth's metadata can hold request bodies.
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        console.error(`[auth] ${code}${err instanceof Error ? `: ${err.message}` : ''}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
  built = { settings, options };
  return options;
}
