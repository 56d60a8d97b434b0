// Mail for e2e/remote-refs.spec.ts, delivered into the XSS lab mailbox while the spec runs: one
// HTML message with every kind of remote reference the sanitizer lets through after "Show", each
// pointing at the spec's beacon under its own path, and one HTML message over the input cap.
import { runSeedChild, rules } from './viewer-seed';
import { XSS_MAILBOX } from './xss-seed';

export const REFS_ID = 'remoterefs000000000000000000';
export const HUGE_ID = 'hugehtml00000000000000000000';

/** The beacon paths the message refers to, by kind of reference. */
export const REFERENCE_PATHS = {
  img: '/img-src.gif',
  styleBackground: '/style-background.gif',
  styleBackgroundImage: '/style-background-image.gif',
  sheetBackground: '/sheet-background.gif',
  listStyleImage: '/list-style-image.gif',
  borderImage: '/border-image.gif',
  content: '/content.gif',
  maskImage: '/mask-image.gif',
  styleImportant: '/sheet-background-important.gif',
} as const;

export function refsHtml(origin: string): string {
  const u = (p: keyof typeof REFERENCE_PATHS) => `${origin}${REFERENCE_PATHS[p]}`;
  return `<!DOCTYPE html><html><head><style>
.sheet { background: #eee url(${u('sheetBackground')}) no-repeat; width: 40px; height: 40px; }
.imp { background-image: url("${u('styleImportant')}") !important; width: 40px; height: 40px; }
.shown::before { content: url(${u('content')}); }
</style></head><body>
<p>Every remote reference, after Show.</p>
<img src="${u('img')}" alt="img" width="10" height="10">
<div style="background: url(${u('styleBackground')}); width: 40px; height: 40px">a</div>
<div style="background-image: url('${u('styleBackgroundImage')}'); width: 40px; height: 40px">b</div>
<div class="sheet">c</div>
<div class="imp">d</div>
<ul style="list-style-image: url(${u('listStyleImage')})"><li>e</li></ul>
<div style="border: 10px solid; border-image: url(${u('borderImage')}) 30 round; width: 40px; height: 40px">f</div>
<p class="shown">g</p>
<div style="-webkit-mask-image: url(${u('maskImage')}); mask-image: url(${u('maskImage')}); width: 40px; height: 40px; background: #000">h</div>
<p><a href="${origin}/link-target" id="out">a link</a></p>
</body></html>`;
}

function eml(id: string, subject: string, html: string): Buffer {
  return Buffer.from(
    [
      'From: Remote Refs <refs@news.example.org>',
      'To: lab@example.com',
      `Subject: ${subject}`,
      'Date: Mon, 02 Nov 2026 09:00:00 +0000',
      `Message-ID: <${id}@news.example.org>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\r\n'),
      '',
    ].join('\r\n'),
  );
}

/** From the spec: delivers both messages (the beacon's origin in `origin`). */
export function deliverRefs(motoEnv: Record<string, string>, origin: string): Promise<void> {
  return runSeedChild('e2e/remote-refs-seed.ts', ['--deliver-refs'], { ...motoEnv, REFS_ORIGIN: origin, E2E_BEACON_PORT: process.env.E2E_BEACON_PORT ?? '9' });
}

async function deliverChild(): Promise<void> {
  const { deliver } = await import('@/lib/mailstore/ses-simulator');
  const { rule } = await rules();
  const lab = rule(`${XSS_MAILBOX}/`);
  const origin = process.env.REFS_ORIGIN ?? '';
  await deliver(lab, eml(REFS_ID, 'Every remote reference', refsHtml(origin)), { messageId: REFS_ID });
  const huge = `<p>Huge but harmless.</p><p>${'word '.repeat(400_000)}</p><script>alert(1)</script>`;
  await deliver(lab, eml(HUGE_ID, 'Huge HTML', huge), { messageId: HUGE_ID });
}

if (process.argv.includes('--deliver-refs')) {
  deliverChild().catch((err: unknown) => {
    process.stderr.write(`[remote-refs-seed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
