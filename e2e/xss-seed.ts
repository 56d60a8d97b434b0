// Hostile mail for e2e/reliability.spec.ts: every payload of lib/mime/fixtures/xss-payloads.txt
// delivered as mail, KMS-encrypted like the rest, into the `lab` mailbox — in the HTML body, the
// subject, the sender's display name and an attachment's file name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rules, runSeedChild } from './viewer-seed';

export const XSS_MAILBOX = 'lab';
const root = path.resolve(__dirname, '..');

export function xssPayloads(): string[] {
  return readFileSync(path.join(root, 'lib', 'mime', 'fixtures', 'xss-payloads.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
}

/** A 28-character SES-shaped id for payload i. */
export function xssId(i: number): string {
  return `xss${String(i).padStart(25, '0')}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const word = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

export function xssMessage(payload: string, i: number): Buffer {
  const html = `<html><head><title>${payload}</title></head><body><p>Payload ${i}</p>${payload}<p>end</p></body></html>`;
  const lines = [
    `From: ${word(payload)} <attacker${i}@example.net>`,
    'To: inbox@example.com',
    `Subject: ${word(`#${i} ${payload}`)}`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    `Message-ID: <xss-${i}@example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="xss-b"',
    '',
    '--xss-b',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(html).replace(/.{76}/g, '$&\r\n'),
    '--xss-b',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(`${payload}.txt`)}`,
    '',
    'not a script',
    '--xss-b--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** From e2e/seed.ts, once moto is up. */
export async function seedXss(where: { motoEndpoint: string; motoEnv: Record<string, string> }): Promise<void> {
  await runSeedChild('e2e/xss-seed.ts', ['--deliver-xss'], { ...where.motoEnv, E2E_MOTO_ENDPOINT: where.motoEndpoint, E2E_BEACON_PORT: process.env.E2E_BEACON_PORT ?? '9' });
}

async function deliverXss(): Promise<void> {
  const { deliver, ensureSetupNotification } = await import('@/lib/mailstore/ses-simulator');
  const { rule } = await rules();
  const lab = rule(`${XSS_MAILBOX}/`);
  await ensureSetupNotification(lab);
  const payloads = xssPayloads();
  for (const [i, p] of payloads.entries()) await deliver(lab, xssMessage(p, i), { messageId: xssId(i) });
  process.stderr.write(`[xss-seed] ${payloads.length} hostile messages into ${XSS_MAILBOX}/\n`);
}

if (process.argv.includes('--deliver-xss')) {
  deliverXss().catch((err: unknown) => {
    process.stderr.write(`[xss-seed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
