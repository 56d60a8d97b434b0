import { remoteRedirectHeaders, remoteRedirectTarget } from '@/lib/mime/sanitize-remote';
import { mailRoute } from '../../../mail-route';
import { messageParams } from '../../../params';

export const dynamic = 'force-dynamic';

/** GET ?u=<remote image URL> → 307 to it, with `Referrer-Policy: no-referrer` (see lib/mime/sanitize-remote.ts). */
export const GET = mailRoute(messageParams, async ({ req, url }) => {
  const target = remoteRedirectTarget(url.searchParams.get('u'), req.headers);
  return new Response(null, { status: 307, headers: remoteRedirectHeaders(target) });
});
