import { messageDetail } from '@/lib/mailstore/service';
import { textToHtml } from '@/lib/mime/text-to-html';
import { mailRoute } from '../../mail-route';
import { flag, messageParams } from '../../params';
import { NO_STORE } from '../../response-headers';

export const dynamic = 'force-dynamic';

// The second line of defence behind the sanitizer: no script can run (no script-src, and the
// iframe has no allow-scripts), nothing loads from elsewhere unless the reader asked, no form
// can be sent, and links leave in a new tab without a referrer. `sandbox` repeats the iframe's
// sandbox for the case the document is opened on its own (a new tab, a download): it is then still
// an inert, script-less document. Same origin stays (cid: images need the session cookie, the
// viewer reads the content height); popups may escape so links open as ordinary pages.
function bodyCsp(remote: boolean): string {
  return [
    'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
    "default-src 'none'",
    `img-src 'self' data:${remote ? ' http: https:' : ''}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const noteText = (reason: string): string =>
  `This message is shown as plain text because ${reason}. Its original is under Raw; download it to open it in a mail program.`;

// Mail is written for a light page; the viewer keeps it on white even in dark mode.
const STYLE =
  '.sesame-note{margin:0 0 12px;padding:8px 12px;border:1px solid #fcd34d;border-radius:6px;background:#fffbeb;color:#451a03;font-size:14px}' +
  'html{color-scheme:light}body{margin:0;padding:16px;background:#fff;color:#18181b;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre{white-space:pre-wrap}';

/** GET → the sanitized message HTML as a document for the sandboxed iframe; `?remote=1` allows remote images. */
export const GET = mailRoute(messageParams, async ({ url, params, source }) => {
  const remote = flag(url, 'remote');
  const detail = await messageDetail(source, params.id, { allowRemote: remote });
  const note = detail.htmlNote ? `<p class="sesame-note" role="note">${escapeHtml(noteText(detail.htmlNote))}</p>` : '';
  const content = note + (detail.html ?? textToHtml(detail.text ?? ''));
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
