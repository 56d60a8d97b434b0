// Bulk mail: remote images, tracking pixels, tracked links, remote CSS. Every remote
// reference goes to the beacon origin, so a test can count what a viewer fetched.
import type { MessageDef, Msg } from './message';
import { html, multipart, textPart, type Header } from './mime-build';
import { people } from './people';

function listHeaders(m: Msg, list: string): Header[] {
  return [
    ['List-Id', `${list} <${list.toLowerCase().replace(/\W+/g, '-')}.news.example.org>`],
    ['List-Unsubscribe', `<mailto:unsubscribe@news.example.org?subject=${m.sesId}>, <${m.beacon}/unsubscribe?id=${m.sesId}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Precedence', 'bulk'],
    ['Feedback-ID', `${m.rng.int(100, 999)}:campaign:esp`],
  ];
}

const track = (m: Msg, target: string): string => `${m.beacon}/click?id=${m.sesId}&amp;u=${encodeURIComponent(target)}`;
const pixel = (m: Msg, vendor = 'pixel'): string =>
  `<img src="${m.beacon}/${vendor}.gif?id=${m.sesId}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`;

interface Article {
  title: string;
  blurb: string;
  image?: string;
  url: string;
}

function newsletterHtml(m: Msg, opts: { title: string; hero?: string; articles: Article[]; footer?: string; style?: string }): string {
  const items = opts.articles
    .map(
      (a) => `<tr><td style="padding:16px 24px;border-bottom:1px solid #eee">
${a.image ? `<img src="${m.beacon}/newsletter/${a.image}" width="120" height="80" alt="" style="float:right;margin-left:12px">` : ''}
<h2 style="font:600 18px/1.3 Helvetica,Arial,sans-serif;margin:0 0 6px"><a href="${track(m, a.url)}" style="color:#1a4fa0;text-decoration:none">${a.title}</a></h2>
<p style="font:14px/1.5 Helvetica,Arial,sans-serif;color:#333;margin:0">${a.blurb}</p>
</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${opts.title}</title>${opts.style ? `\n<style>${opts.style}</style>` : ''}</head>
<body style="margin:0;background:#f4f4f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#fff">
${opts.hero ? `<tr><td><a href="${track(m, 'https://news.example.org/')}"><img src="${m.beacon}/newsletter/${opts.hero}" width="600" height="240" alt="${opts.title}" style="display:block"></a></td></tr>` : ''}
${items}
<tr><td style="padding:24px;font:12px/1.4 Helvetica,Arial,sans-serif;color:#888">${opts.footer ?? 'You receive this because you subscribed at example.org.'}
<a href="${m.beacon}/unsubscribe?id=${m.sesId}">Unsubscribe</a> · <a href="${track(m, 'https://news.example.org/preferences')}">Preferences</a></td></tr>
</table>${pixel(m)}
</td></tr></table>
</body></html>
`;
}

function textVersion(articles: Article[]): string {
  return articles.map((a) => `${a.title}\n${a.blurb}\n${a.url}\n`).join('\n') + '\nUnsubscribe: https://news.example.org/unsubscribe\n';
}

const weekly: Article[] = [
  { title: 'Mail, but encrypted at rest', blurb: 'How client-side envelopes keep a bucket unreadable without the key.', image: 'thumb-1.jpg', url: 'https://news.example.org/a/envelopes' },
  { title: 'Ten years of DMARC', blurb: 'Adoption numbers, and why p=none is still the most common policy.', image: 'thumb-2.jpg', url: 'https://news.example.org/a/dmarc' },
  { title: 'The tracking pixel, explained', blurb: 'A one-pixel image tells the sender you opened the mail. Here is how to say no.', image: 'thumb-3.jpg', url: 'https://news.example.org/a/pixels' },
];

const products = ['Desk lamp', 'Wool socks', 'Notebook (dotted)', 'Travel mug', 'USB-C cable', 'Plant pot'].map((p, i) => ({
  title: p,
  blurb: `Now ${(9.99 + i * 7).toFixed(2)} USD — was ${(14.99 + i * 9).toFixed(2)} USD.`,
  image: `product-${i + 1}.jpg`,
  url: `https://shop.example.com/p/${p.toLowerCase().replace(/\W+/g, '-')}`,
}));

export const newsletterMessages: MessageDef[] = [
  {
    name: 'newsletter-remote-images',
    tags: ['html', 'newsletter', 'remote-images', 'tracking-pixel', 'link-tracking'],
    build: (m) => ({
      from: people.news,
      envelopeFrom: `bounces+${m.sesId.slice(0, 10)}@mail.news.example.org`,
      subject: 'The Example Weekly #112: envelopes, DMARC, pixels',
      headers: listHeaders(m, 'The Example Weekly'),
      body: multipart('alternative', m.boundary(), [
        textPart(textVersion(weekly)),
        html(newsletterHtml(m, { title: 'The Example Weekly #112', hero: 'hero.png', articles: weekly })),
      ]),
    }),
  },
  {
    name: 'newsletter-css-background',
    tags: ['html', 'newsletter', 'remote-css', 'remote-images', 'tracking-pixel'],
    build: (m) => ({
      from: people.travel,
      subject: 'Autumn escapes from 99 USD',
      headers: listHeaders(m, 'Example Travel'),
      body: multipart('alternative', m.boundary(), [
        textPart('Autumn escapes from 99 USD.\nLisbon, Kyoto, Oaxaca: https://travel.example.net/autumn\n'),
        html(
          newsletterHtml(m, {
            title: 'Autumn escapes',
            style: `.hero{background:#234 url(${m.beacon}/newsletter/bg-hero.jpg) no-repeat center/cover;height:220px}
.card{background-image:url("${m.beacon}/newsletter/card-bg.png")}`,
            articles: ['Lisbon', 'Kyoto', 'Oaxaca'].map((city, i) => ({
              title: `${city} from ${99 + i * 40} USD`,
              blurb: `<span class="card" style="display:block;padding:8px;background:url('${m.beacon}/newsletter/${city.toLowerCase()}-bg.jpg')">Four nights, flights included.</span>`,
              url: `https://travel.example.net/${city.toLowerCase()}`,
            })),
          }).replace('<body style="margin:0;background:#f4f4f7">', `<body style="margin:0;background:#f4f4f7"><div class="hero"></div><table width="100%" background="${m.beacon}/newsletter/table-bg.gif"><tr><td>&nbsp;</td></tr></table>`),
        ),
      ]),
    }),
  },
  {
    name: 'newsletter-product-digest',
    tags: ['html', 'newsletter', 'remote-images', 'tracking-pixel', 'base64'],
    build: (m) => ({
      from: people.shop,
      subject: 'Picked for you: 6 things under 60 USD',
      headers: listHeaders(m, 'Example Shop'),
      body: multipart('alternative', m.boundary(), [
        textPart(textVersion(products), { cte: 'base64' }),
        html(newsletterHtml(m, { title: 'Picked for you', hero: 'sale-banner.jpg', articles: products }), { cte: 'base64' }),
      ]),
    }),
  },
  {
    name: 'newsletter-html-only',
    tags: ['html', 'html-only', 'newsletter', 'remote-images', 'tracking-pixel'],
    build: (m) => ({
      from: people.travel,
      subject: 'Last call: weekend fares end tonight',
      headers: listHeaders(m, 'Example Travel'),
      body: html(newsletterHtml(m, { title: 'Last call', hero: 'last-call.jpg', articles: weekly.slice(0, 1) })),
    }),
  },
  {
    name: 'newsletter-release-notes',
    tags: ['html', 'newsletter', 'no-remote'],
    build: (m) => ({
      from: { name: 'Example Cloud Changelog', email: 'changelog@example.net' },
      subject: 'Changelog: November releases',
      headers: listHeaders(m, 'Changelog'),
      body: multipart('alternative', m.boundary(), [
        textPart('November releases\n\n* S3 listing is 2x faster\n* New flag: --since\n\nFull notes: https://docs.example.net/changelog\n'),
        html(
          '<html><body style="font-family:sans-serif"><h1>November releases</h1><ul><li>S3 listing is <b>2×</b> faster</li>' +
            '<li>New flag: <code>--since</code></li></ul><pre style="background:#f6f8fa;padding:8px">$ sesame ls --since 2026-11-01\n' +
            'd6iitobk75ur44p8kdnnp7g2n800  Quick hello</pre><p><a href="https://docs.example.net/changelog">Full notes</a></p></body></html>\n',
        ),
      ]),
    }),
  },
  {
    name: 'newsletter-dark-mode-srcset',
    tags: ['html', 'newsletter', 'remote-images', 'srcset', 'tracking-pixel'],
    build: (m) => ({
      from: people.news,
      subject: 'Now with dark mode',
      headers: listHeaders(m, 'The Example Weekly'),
      body: multipart('alternative', m.boundary(), [
        textPart('Our newsletter now follows your dark mode setting.\n'),
        html(`<html><head><style>@media (prefers-color-scheme: dark){body{background:#111;color:#eee}}</style></head><body>
<picture><source srcset="${m.beacon}/newsletter/logo-dark.png" media="(prefers-color-scheme: dark)">
<img src="${m.beacon}/newsletter/logo.png" srcset="${m.beacon}/newsletter/logo@2x.png 2x, ${m.beacon}/newsletter/logo@3x.png 3x" width="200" alt="Example Weekly"></picture>
<p>Our newsletter now follows your dark mode setting.</p>${pixel(m)}</body></html>
`),
      ]),
    }),
  },
  {
    name: 'receipt-order-confirmation',
    tags: ['html', 'transactional', 'remote-images', 'tracking-pixel'],
    build: (m) => {
      const order = `EX-${m.rng.int(100000, 999999)}`;
      return {
        from: people.shop,
        replyTo: [{ name: 'Example Shop Support', email: 'support@shop.example.com' }],
        subject: `Your order ${order} is confirmed`,
        body: multipart('alternative', m.boundary(), [
          textPart(`Thanks for your order ${order}.\n\n1 x Desk lamp      39.99\n2 x Wool socks     25.98\nTotal              65.97 USD\n`),
          html(`<html><body style="font-family:Arial,sans-serif">
<img src="${m.beacon}/shop/logo.png" alt="Example Shop" width="140">
<h1 style="font-size:20px">Thanks for your order ${order}</h1>
<table cellpadding="6" style="border-collapse:collapse"><tr><td>1 × Desk lamp</td><td align="right">39.99</td></tr>
<tr><td>2 × Wool socks</td><td align="right">25.98</td></tr><tr><td><b>Total</b></td><td align="right"><b>65.97 USD</b></td></tr></table>
<p><a href="${track(m, `https://shop.example.com/orders/${order}`)}">Track your parcel</a></p>${pixel(m, 'open')}</body></html>
`),
        ]),
      };
    },
  },
  {
    name: 'newsletter-plain-tracked-links',
    tags: ['plain', 'newsletter', 'link-tracking'],
    build: (m) => ({
      from: { name: 'Community Digest', email: 'digest@forum.example.org' },
      subject: 'Community digest: 14 new topics',
      headers: listHeaders(m, 'Community Digest'),
      body: textPart(
        'Top topics this week\n\n' +
          ['Rotating KMS keys without downtime', 'SES receipt rules vs. MX records', 'Is S3 Object Lock worth it?']
            .map((t, i) => `${i + 1}. ${t}\n   ${m.beacon}/click?id=${m.sesId}&t=${i + 1}`)
            .join('\n') +
          '\n\nYou are subscribed to the weekly digest.\n',
      ),
    }),
  },
  {
    name: 'newsletter-webfont',
    tags: ['html', 'newsletter', 'remote-css', 'remote-font', 'tracking-pixel'],
    build: (m) => ({
      from: { name: 'Example Design Notes', email: 'notes@design.example.com' },
      subject: 'Type specimen: Example Sans',
      headers: listHeaders(m, 'Design Notes'),
      body: multipart('alternative', m.boundary(), [
        textPart('Meet Example Sans, our new typeface.\n'),
        html(`<html><head><link rel="stylesheet" href="${m.beacon}/fonts/example-sans.css">
<style>@font-face{font-family:"Example Sans";src:url(${m.beacon}/fonts/example-sans.woff2) format("woff2")}
h1{font-family:"Example Sans",sans-serif}</style></head>
<body><h1>Example Sans</h1><p style="font-family:'Example Sans'">The quick brown fox jumps over the lazy dog.</p>${pixel(m)}</body></html>
`),
      ]),
    }),
  },
  {
    name: 'newsletter-emoji-subject',
    tags: ['html', 'newsletter', 'emoji', 'encoded-subject', 'remote-images', 'tracking-pixel'],
    build: (m) => ({
      from: { name: '🎉 Example Shop', email: 'party@shop.example.com' },
      subject: '🎉 Our biggest sale ever — 50% off everything 🛍️',
      headers: listHeaders(m, 'Example Shop'),
      body: multipart('alternative', m.boundary(), [
        textPart('🎉 50% off everything until Sunday.\nhttps://shop.example.com/sale\n'),
        html(newsletterHtml(m, { title: '🎉 Biggest sale ever', hero: 'party.gif', articles: products.slice(0, 3) })),
      ]),
    }),
  },
  {
    name: 'newsletter-multiple-pixels',
    tags: ['html', 'newsletter', 'tracking-pixel', 'remote-images'],
    build: (m) => ({
      from: people.bank,
      subject: 'Your monthly statement is ready',
      body: multipart('alternative', m.boundary(), [
        textPart('Your statement for October is ready in online banking.\nWe never ask for your password by mail.\n'),
        html(`<html><body><p>Your statement for October is ready in <a href="${track(m, 'https://bank.example.com/login')}">online banking</a>.</p>
<p>We never ask for your password by mail.</p>
${pixel(m, 'open')}${pixel(m, 'analytics/collect')}<img src="${m.beacon}/ad/1x1.png?c=${m.sesId}" width="1" height="1" border="0"></body></html>
`),
      ]),
    }),
  },
  {
    name: 'newsletter-amp',
    tags: ['html', 'newsletter', 'amp', 'remote-images'],
    build: (m) => ({
      from: people.news,
      subject: 'Interactive poll: which topic next?',
      headers: listHeaders(m, 'The Example Weekly'),
      body: multipart('alternative', m.boundary(), [
        textPart('Vote for the next topic: https://news.example.org/poll\n'),
        textPart(
          `<!doctype html><html ⚡4email data-css-strict><head><meta charset="utf-8"><script async src="${m.beacon}/amp/v0.js"></script>
<style amp4email-boilerplate>body{visibility:hidden}</style></head><body><amp-img src="${m.beacon}/newsletter/poll.png" width="600" height="200"></amp-img></body></html>
`,
          { subtype: 'x-amp-html' },
        ),
        html(`<html><body><p>Vote for the next topic: <a href="${track(m, 'https://news.example.org/poll')}">open the poll</a></p><img src="${m.beacon}/newsletter/poll.png" width="600"></body></html>\n`),
      ]),
    }),
  },
];
