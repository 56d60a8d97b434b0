// Hostile headers and hostile attachments: markup where a viewer prints text, SVG and HTML
// files that run script if served inline, a file whose type lies about its content.
import type { MessageDef } from './message';
import { encodeWords, filePart, html, multipart, textPart } from './mime-build';
import { people } from './people';

const svgDocument = (b: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="alert(1)">
  <script type="text/javascript">alert(2); new Image().src = '${b}/svg-attachment-script';</script>
  <image href="${b}/svg-attachment-image.png" width="8" height="8"/>
  <rect width="64" height="64" fill="#3a6"/>
</svg>
`;

export const hostileOtherMessages: MessageDef[] = [
  {
    name: 'hostile-headers',
    tags: ['hostile', 'hostile-headers', 'plain'],
    build: (m) => ({
      from: { name: '<img src=x onerror=alert(1)>', email: 'mallory@example.net' },
      to: [{ name: '"><svg onload=alert(2)>', email: m.recipient }],
      replyTo: [{ name: '</title><script>alert(3)</script>', email: 'reply@example.net' }],
      subject: '<script>alert(1)</script>',
      verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'none' },
      body: textPart(`Text bodies can carry markup too: <script>alert(4)</script> <img src="${m.beacon}/text-body.png">\n`),
    }),
  },
  {
    name: 'hostile-headers-encoded',
    tags: ['hostile', 'hostile-headers', 'encoded-subject', 'plain'],
    build: (m) => ({
      from: people.mallory,
      rawFrom: `${encodeWords('"><script>alert(1)</script>')} <mallory@example.net>`,
      // Decodes to markup: a viewer must escape after decoding, not before.
      rawSubject: `${encodeWords(`<img src="${m.beacon}/encoded-subject.png" onerror=alert(2)>`)} ${encodeWords('🎉', { mode: 'Q' })}`,
      headers: [['X-Custom-Note', `<a href="javascript:alert(3)">header link</a>`]],
      verdicts: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
      body: textPart('Nothing here.\n'),
    }),
  },
  {
    name: 'hostile-svg-attachment',
    tags: ['hostile', 'svg', 'attachments', 'inline-images', 'cid', 'html'],
    build: (m) => ({
      from: people.mallory,
      subject: 'Updated logo (SVG)',
      verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'none' },
      body: multipart('mixed', m.boundary(), [
        multipart('related', m.boundary(), [
          html(`<html><body><p>New logo:</p><img src="cid:logo.svg@example.net" width="64"></body></html>\n`),
          filePart(Buffer.from(svgDocument(m.beacon)), { type: 'image/svg+xml', filename: 'logo.svg', inline: true, cid: 'logo.svg@example.net' }),
        ]),
        filePart(Buffer.from(svgDocument(m.beacon)), { type: 'image/svg+xml', filename: 'logo-print.svg' }),
      ]),
    }),
  },
  {
    name: 'hostile-html-attachment',
    tags: ['hostile', 'attachments', 'html-attachment', 'content-type-mismatch'],
    build: (m) => {
      const active = `<!DOCTYPE html><html><body><script>alert(document.domain)</script><img src="${m.beacon}/html-attachment.png"></body></html>\n`;
      return {
        from: people.mallory,
        subject: 'Your statement (open the attachment)',
        verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'none' },
        body: multipart('mixed', m.boundary(), [
          textPart('Statement attached. Open it in your browser.\n'),
          filePart(Buffer.from(active), { type: 'text/html; charset=utf-8', filename: 'statement.html' }),
          // Declared a PNG, is HTML: served without nosniff, a browser may render it.
          filePart(Buffer.from(active), { type: 'image/png', filename: 'photo.png' }),
          filePart(Buffer.from(`<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>\n`), { type: 'application/xhtml+xml', filename: 'page.xhtml' }),
        ]),
      };
    },
  },
  {
    name: 'hostile-cid-tricks',
    tags: ['hostile', 'cid', 'html', 'inline-images'],
    build: (m) => ({
      from: people.mallory,
      subject: 'Inline images, sort of',
      verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'none' },
      body: multipart('related', m.boundary(), [
        html(`<html><body><img src="cid:missing@example.net" alt="no such part">
<img src="cid:../../api/session" alt="path in a cid">
<img src="CID:Mixed.Case@Example.NET" alt="case">
<img src="cid:${m.beacon}/cid-with-url" alt="url in a cid"></body></html>\n`),
        filePart(Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]), { type: 'image/gif', filename: 'dot.gif', inline: true, cid: 'Mixed.Case@Example.NET' }),
      ]),
    }),
  },
];
