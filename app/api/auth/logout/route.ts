import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { getSettings } from '@/lib/config';
import { forgetSession } from '@/lib/auth/credential-cache';
import { discover } from '@/lib/auth/oidc';
import { readSessionToken, sessionCookieName, usesSecureCookies } from '@/lib/auth/token';

export const dynamic = 'force-dynamic';

/**
 * Sign out here and, when the IdP offers an end_session_endpoint, there too (RP-initiated
 * logout with client_id + post_logout_redirect_uri, and logout_hint when the IdP gave one). No
 * id_token_hint: in web-identity mode the ID token is an AWS credential, and a URL the browser
 * is sent to ends up in its history, in proxies' logs and at the IdP's own analytics. POST only, same origin only: a link or another site cannot sign
 * anyone out, and the SameSite=Lax session cookie is not sent on a cross-site POST anyway.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const settings = getSettings();
  const base = (settings.NEXTAUTH_URL ?? req.nextUrl.origin).replace(/\/+$/, '');
  // Fetch metadata first: with Referrer-Policy no-referrer, Chrome sends `Origin: null` on our own form posts.
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  const foreign = site ? site !== 'same-origin' && site !== 'none' : Boolean(origin && origin !== 'null' && origin !== new URL(base).origin);
  if (foreign) return NextResponse.json({ error: 'Sign-out must come from this site.' }, { status: 403 });

  const jar = await cookies();
  const read = await readSessionToken(jar.getAll(), settings);
  let location = `${base}/signed-out`;
  if (read.state === 'valid') {
    const { token } = read;
    forgetSession(token.sid);
    try {
      const { end_session_endpoint: endSession } = await discover(settings);
      if (endSession) {
        const url = new URL(endSession);
        // Never a token here (ID, access or refresh): this URL is the browser's.
        url.searchParams.set('client_id', settings.OIDC_CLIENT_ID ?? '');
        url.searchParams.set('post_logout_redirect_uri', `${base}/signed-out`);
        if (token.logoutHint) url.searchParams.set('logout_hint', token.logoutHint);
        location = url.toString();
      }
    } catch {
      // IdP unreachable: the local sign-out still happens.
    }
  }

  const res = NextResponse.redirect(location, 303);
  res.headers.set('cache-control', 'no-store');
  const name = sessionCookieName(settings);
  const secure = usesSecureCookies(settings);
  for (const c of jar.getAll()) {
    // Also the session cookie of before the __Host- prefix (__Secure-next-auth.session-token…).
    if (c.name === name || c.name.startsWith(`${name}.`) || c.name.startsWith('__Secure-next-auth.session-token') || c.name.endsWith('next-auth.callback-url')) {
      res.cookies.set(c.name, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'lax', secure });
    }
  }
  return res;
}
