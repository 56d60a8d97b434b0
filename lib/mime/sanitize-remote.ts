import 'server-only';
import { ForbiddenError } from '@/lib/auth/errors';

// The referrer-free redirect that remote images take after "Show" (SanitizeOptions.remoteUrl).
// It must not become an open redirect: it answers only an image request made by one of the app's
// own documents (Fetch Metadata: same-origin, destination image, no-cors), which a link, a form,
// a top-level navigation or another site cannot produce, and only towards http(s). CORS-mode
// image requests (CSS mask-image, shape-outside) are refused too: after the redirect they would
// still carry `Origin: <app origin>` to the sender.

const MAX_URL = 8192;

/** The remote URL to redirect to, or a ForbiddenError saying why not. */
export function remoteRedirectTarget(raw: string | null, headers: Headers): string {
  const site = headers.get('sec-fetch-site');
  const dest = headers.get('sec-fetch-dest');
  const mode = headers.get('sec-fetch-mode');
  if (site !== 'same-origin' || dest !== 'image' || mode !== 'no-cors') {
    throw new ForbiddenError('This address only loads images inside a message you opened.');
  }
  if (!raw || raw.length > MAX_URL || !/^https?:\/\//i.test(raw)) throw new ForbiddenError('Only http and https images are loaded.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ForbiddenError('Only http and https images are loaded.');
  }
  return url.href;
}

/** Headers of the redirect: the next request carries no referrer, nothing is cached or sniffed. */
export function remoteRedirectHeaders(target: string): Record<string, string> {
  return {
    location: target,
    'referrer-policy': 'no-referrer',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  };
}
