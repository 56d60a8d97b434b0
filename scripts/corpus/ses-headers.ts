// The header block SES puts on top of every message it receives, and the sending side's own
// trace headers below it.
import type { Header } from './mime-build';
import { domainOf, orgDomain } from './people';
import { hash32, rngFrom } from './prng';

export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

export interface Verdicts {
  spam: SesVerdict;
  virus: SesVerdict;
  spf: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none';
  dkim: 'pass' | 'fail' | 'none';
  dmarc: 'pass' | 'fail' | 'none';
}

export const passingVerdicts: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'pass', dkim: 'pass', dmarc: 'pass' };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date-time in the given offset from UTC (minutes). */
export function rfc5322Date(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

const TEST_NETS = ['192.0.2', '198.51.100', '203.0.113'];

/** A stable documentation address for a sending host. */
export function ipFor(host: string): string {
  const h = hash32(host);
  return `${TEST_NETS[h % 3]}.${(h >>> 8) % 250 + 2}`;
}

export function relayHostFor(email: string): string {
  const domain = domainOf(email);
  const prefixes = ['mail-out', 'smtp', 'mta1', 'out', 'mx-out'];
  return `${prefixes[hash32(domain) % prefixes.length]}.${domain}`;
}

const SPF_TEXT: Record<Verdicts['spf'], (domain: string, ip: string) => string> = {
  pass: (d, ip) => `domain of ${d} designates ${ip} as permitted sender`,
  fail: (d, ip) => `domain of ${d} does not designate ${ip} as permitted sender`,
  softfail: (d, ip) => `transitioning domain of ${d} does not designate ${ip} as permitted sender`,
  neutral: (d, ip) => `${ip} is neither permitted nor denied by domain of ${d}`,
  none: (d) => `domain of ${d} does not designate permitted sender hosts`,
};

export interface SesBlockInput {
  sesId: string;
  receivedAt: Date;
  recipient: string;
  envelopeFrom: string;
  fromEmail: string;
  helo: string;
  verdicts: Verdicts;
}

export function sesHeaderBlock(input: SesBlockInput): Header[] {
  const { verdicts: v } = input;
  const rng = rngFrom(`ses-block:${input.sesId}`);
  const ip = ipFor(input.helo);
  // A bounce has a null sender; SPF then checks the HELO identity (RFC 7208, 2.4).
  const envelope = input.envelopeFrom || `postmaster@${input.helo}`;
  const spfDetail = `${v.spf} (spfCheck: ${SPF_TEXT[v.spf](domainOf(envelope), ip)}) client-ip=${ip}; envelope-from=${envelope}; helo=${input.helo};`;
  const fromDomain = domainOf(input.fromEmail);
  const dkim = v.dkim === 'none' ? 'dkim=none;' : `dkim=${v.dkim} header.i=@${fromDomain};`;
  const receipt = `AEFBQUFBQUFBQUFB${rng.bytes(230).toString('base64').replace(/=+$/, '')}`;
  const t = Math.floor(input.receivedAt.getTime() / 1000);
  return [
    ['Return-Path', `<${input.envelopeFrom}>`],
    [
      'Received',
      `from ${input.helo} (${input.helo} [${ip}])\r\n by inbound-smtp.us-east-1.amazonaws.com with SMTP id ${input.sesId}\r\n` +
        ` for ${input.recipient};\r\n ${rfc5322Date(input.receivedAt)} (UTC)`,
    ],
    ['X-SES-Spam-Verdict', v.spam],
    ['X-SES-Virus-Verdict', v.virus],
    ['Received-SPF', spfDetail],
    [
      'Authentication-Results',
      `amazonses.com;\r\n spf=${spfDetail}\r\n ${dkim}\r\n dmarc=${v.dmarc} header.from=${orgDomain(input.fromEmail)};`,
    ],
    ['X-SES-RECEIPT', receipt],
    [
      'X-SES-DKIM-SIGNATURE',
      `a=rsa-sha256; q=dns/txt; b=${rng.bytes(256).toString('base64')}; c=relaxed/simple; ` +
        `s=224i4yxa5dv7c2xz3womw6peuasteono; d=amazonses.com; t=${t}; v=1; bh=${rng.bytes(32).toString('base64')}; ` +
        'h=From:To:Cc:Bcc:Subject:Date:Message-ID:MIME-Version:Content-Type:X-SES-RECEIPT;',
    ],
  ];
}

/** The sender's own hop: its submission server handing the message to its relay. */
export function senderReceived(helo: string, recipient: string, sentAt: Date, offset: number, seed: string): Header {
  const rng = rngFrom(`sender-received:${seed}`);
  const queueId = rng.bytes(5).toString('hex').toUpperCase();
  const client = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
  const at = new Date(sentAt.getTime() + rng.int(1, 3) * 1000);
  return [
    'Received',
    `from submission.${helo.split('.').slice(1).join('.')} (unknown [${client}])\r\n\tby ${helo} (Postfix) with ESMTPSA id ${queueId}\r\n` +
      `\tfor <${recipient}>; ${rfc5322Date(at, offset)}`,
  ];
}

export function senderDkimSignature(fromEmail: string, sentAt: Date, seed: string): Header {
  const rng = rngFrom(`dkim:${seed}`);
  const d = domainOf(fromEmail);
  return [
    'DKIM-Signature',
    `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${d};\r\n s=${rng.pick(['s1', 'mail', 'k1', '2026q3'])}; t=${Math.floor(sentAt.getTime() / 1000)};\r\n` +
      ` h=from:to:subject:date:message-id:mime-version:content-type;\r\n bh=${rng.bytes(32).toString('base64')};\r\n` +
      ` b=${rng.bytes(128).toString('base64').replace(/(.{72})/g, '$1\r\n   ')}`,
  ];
}
