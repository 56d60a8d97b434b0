import { messageDetail } from '@/lib/mailstore/service';
import { textToHtml } from '@/lib/mime/text-to-html';
import { mailRoute } from '../../mail-route';
import { flag, messageParams } from '../../params';
import { NO_STORE } from '../../response-headers';

export const dynamic = 'force-dynamic';

// The second line of defence behind the sanitizer: no script can run (no script-src, and the
// iframe has no allow-scripts), nothing loads from elsewhere unless the reader asked, no form
// can be sent, and links leave in a new tab without a referrer.
function bodyCsp(remote: boolean): string {
  return [
    "default-src 'none'",
    `img-src 'self' data:${remote ? ' http: https:' : ''}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

// Mail is written for a light page; the viewer keeps it on white even in dark mode.
const STYLE =
  'html{color-scheme:light}body{margin:0;padding:16px;background:#fff;color:#18181b;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre{white-space:pre-wrap}';

/** GET → the sanitized message HTML as a document for the sandboxed iframe; `?remote=1` allows remote images. */
export const GET = mailRoute(messageParams, async ({ url, params, source }) => {
  const remote = flag(url, 'remote');
  const detail = await messageDetail(source, params.id, { allowRemote: remote });
  const content = detail.html ?? textToHtml(detail.text ?? '');
  const doc =
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<base target="_blank"><style>${STYLE}</style></head><body>${content}</body></html>`;
  return new Response(doc, {
    headers: {
      ...NO_STORE,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': bodyCsp(remote),
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
});
