// The demo's "remote" origin: the corpus's newsletters reference images, pixels and styles on
// another host; in the demo they point here (127.0.0.1 only), so that "Show" on the remote-content
// bar visibly loads something. Every image is a generated SVG naming the path it was asked for;
// style sheets are empty; fonts are not served.
import { createServer } from 'node:http';

const PALETTE = ['#0ea5e9', '#10b981', '#f59e0b', '#8b5cf6', '#ef4444', '#14b8a6'];

function escapeXml(s) {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function picture(path) {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const color = PALETTE[hash % PALETTE.length];
  const label = escapeXml(decodeURIComponent(path.split('?')[0]).split('/').filter(Boolean).pop() ?? 'image').slice(0, 40);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240" viewBox="0 0 600 240" preserveAspectRatio="xMidYMid slice">` +
    `<rect width="600" height="240" fill="${color}"/><circle cx="520" cy="60" r="90" fill="#fff" opacity="0.18"/>` +
    `<text x="24" y="140" font-family="system-ui,sans-serif" font-size="34" fill="#fff">Remote image · ${label}</text></svg>`;
}

/** Starts the demo's image origin on 127.0.0.1:port; resolves with { origin, close() }. */
export function startDemoImages(port) {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const bare = path.split('?')[0].toLowerCase();
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
    } else if (bare.endsWith('.css')) {
      res.writeHead(200, { ...headers, 'content-type': 'text/css' }).end('/* demo */\n');
    } else if (/\.(woff2?|ttf|otf|js)$/.test(bare) || !/\.(png|jpe?g|gif|webp|svg|avif)$/.test(bare)) {
      // Fonts, scripts, click-tracking and unsubscribe links: nothing here.
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not part of the demo.\n');
    } else {
      res.writeHead(200, { ...headers, 'content-type': 'image/svg+xml', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }).end(picture(path));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}
