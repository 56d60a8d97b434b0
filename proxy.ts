import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';

// Headers only. Authentication is checked by every page and route handler itself (requireUser,
// requireApiUser): auth done only in middleware has been bypassed before (CVE-2025-29927).

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The app's page CSP: scripts only with this request's nonce (and what they load), nothing inline unmarked. */
export function contentSecurityPolicy(nonce: string, opts: { https: boolean; dev: boolean; idpOrigin: string | null }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React style={{…}} props; inline <style> elements still need the nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self' blob:",
    "child-src 'self' blob:",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    // Sign-out is a form POST answered by a redirect to the IdP's end_session_endpoint.
    `form-action 'self'${opts.idpOrigin ? ` ${opts.idpOrigin}` : ''}`,
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function proxy(req: NextRequest, _ev: NextFetchEvent): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const https = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;
  const csp = contentSecurityPolicy(nonce, { https, dev: process.env.NODE_ENV === 'development', idpOrigin: originOf(process.env.OIDC_ISSUER) });

  const url = req.nextUrl.clone();
  url.searchParams.delete('_rsc');
  const requestHeaders = new Headers(req.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);
  // Layouts cannot see the URL: this is where sign-in comes back to. Always ours, never the client's.
  requestHeaders.set('x-sesame-path', `${url.pathname}${url.search}`);

  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('content-security-policy', csp);
  if (https) res.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return res;
}

export const config = {
  // Pages only: API responses (JSON, raw mail, attachments) set their own headers, and static files
  // need none. Exact names, dots escaped: a mailbox called favicon-ico or robots-txt is a page.
  matcher: ['/((?!api/|_next/static/|_next/image(?:/|$)|favicon\\.ico$|robots\\.txt$).*)'],
};
