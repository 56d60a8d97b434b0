// The one place a return address from the client (callbackUrl, the callback-url cookie,
// next-auth's redirect callback) becomes a place to send the browser. Hand-written on purpose:
// it leans on the WHATWG URL parser (the browser's own rules) and adds only the refusals below.

const FALLBACK = '/';
// A backslash or a control character (raw, or percent-encoded for a consumer that decodes
// again) can make a browser read `/\evil` or `/<TAB>/evil` as `//evil`: another origin.
const UNSAFE = /[\u0000-\u001f\u007f\\]|%(?:5c|[01][0-9a-f]|7f)/i;
const PLACEHOLDER_ORIGIN = 'http://sesame.invalid';

/**
 * A path of this app (`/path?query#hash`) or "/". `returnTo` is resolved against the app's origin
 * the way a browser would and must stay on it; a full URL of this app becomes its path.
 */
export function safeReturnTo(returnTo: string | null | undefined, appUrl: string | undefined): string {
  if (!returnTo || returnTo.length > 2048 || UNSAFE.test(returnTo)) return FALLBACK;
  let base: URL;
  try {
    base = new URL(appUrl ?? PLACEHOLDER_ORIGIN);
  } catch {
    base = new URL(PLACEHOLDER_ORIGIN);
  }
  // Only absolute paths or absolute URLs: "support" or "?x" would depend on the current page.
  if (!returnTo.startsWith('/') && !/^https?:\/\//i.test(returnTo)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(returnTo, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base.origin || url.username || url.password) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" normalises to "//evil", which a browser reads as another host.
  if (!path.startsWith('/') || path.startsWith('//')) return FALLBACK;
  return path;
}
