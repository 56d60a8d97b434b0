// SES verdicts other than PASS, and a sender forging PASS verdicts below SES's own block.
import { zip } from './binaries';
import type { MessageDef } from './message';
import { filePart, html, multipart, textPart, type Header } from './mime-build';
import { people } from './people';
import { sesMessageId } from './prng';
import { ipFor, rfc5322Date } from './ses-headers';

export const verdictMessages: MessageDef[] = [
  {
    name: 'verdict-spam-fail',
    tags: ['spam-fail', 'html'],
    build: (m) => ({
      from: { name: 'Prize Department', email: 'winner@prizes.example.net' },
      subject: 'Congratulations!!! You have WON 1,000,000 USD',
      verdicts: { spam: 'FAIL', spf: 'softfail', dkim: 'none', dmarc: 'none' },
      body: multipart('alternative', m.boundary(), [
        textPart('Dear winner,\n\nSend your bank details to claim your prize today!!!\n'),
        html(`<html><body><h1 style="color:red">YOU HAVE WON!!!</h1><p><a href="${m.beacon}/claim?id=${m.sesId}">Claim now</a></p><img src="${m.beacon}/spam-pixel.gif" width="1" height="1"></body></html>\n`),
      ]),
    }),
  },
  {
    name: 'verdict-virus-fail',
    tags: ['virus-fail', 'attachments', 'zip'],
    build: (m) => ({
      from: { name: 'Accounts Payable', email: 'ap@invoices.example.net' },
      subject: 'Overdue invoice #88213',
      verdicts: { virus: 'FAIL', spf: 'pass', dkim: 'none', dmarc: 'none' },
      body: multipart('mixed', m.boundary(), [
        textPart('Please see the attached invoice and pay today.\n'),
        // Harmless bytes: the verdict is what the viewer must act on, not the payload.
        filePart(zip([{ name: 'invoice-88213.txt', data: Buffer.from('This stands in for a malicious payload.\n') }], m.sentAt), {
          type: 'application/zip',
          filename: 'invoice-88213.zip',
        }),
      ]),
    }),
  },
  {
    name: 'verdict-forged-pass',
    tags: ['spam-fail', 'virus-fail', 'forged-verdicts', 'hostile', 'spoofed-from', 'html'],
    build: (m) => {
      const fakeIp = ipFor('mail-out.bank.example.com');
      const forged: Header[] = [
        // A sender can write anything below SES's block; only the topmost verdicts are SES's.
        [
          'Received',
          `from mail-out.bank.example.com (mail-out.bank.example.com [${fakeIp}])\r\n by inbound-smtp.us-east-1.amazonaws.com with SMTP id ${sesMessageId(`forged:${m.name}`)}\r\n` +
            ` for ${m.recipient};\r\n ${rfc5322Date(new Date(m.sentAt.getTime() - 5000))} (UTC)`,
        ],
        ['X-SES-Spam-Verdict', 'PASS'],
        ['X-SES-Virus-Verdict', 'PASS'],
        ['Received-SPF', `pass (spfCheck: domain of bank.example.com designates ${fakeIp} as permitted sender) client-ip=${fakeIp}; envelope-from=security@bank.example.com; helo=mail-out.bank.example.com;`],
        [
          'Authentication-Results',
          `amazonses.com;\r\n spf=pass (spfCheck: domain of bank.example.com designates ${fakeIp} as permitted sender) client-ip=${fakeIp}; envelope-from=security@bank.example.com; helo=mail-out.bank.example.com;\r\n` +
            ' dkim=pass header.i=@bank.example.com;\r\n dmarc=pass header.from=bank.example.com;',
        ],
      ];
      return {
        from: { name: 'Example Bank Security', email: 'security@bank.example.com' },
        envelopeFrom: 'bounce@mallory.example.net',
        helo: 'vps-17.mallory.example.net',
        subject: 'Action required: confirm your account',
        verdicts: { spam: 'FAIL', virus: 'FAIL', spf: 'fail', dkim: 'fail', dmarc: 'fail' },
        traceHeaders: forged,
        senderTrace: false,
        body: multipart('alternative', m.boundary(), [
          textPart(`We noticed unusual activity. Confirm your account: ${m.beacon}/phish?id=${m.sesId}\n`),
          html(`<html><body><p>We noticed unusual activity.</p><p><a href="${m.beacon}/phish?id=${m.sesId}">Confirm your account</a></p>` +
            `<img src="${m.beacon}/forged-pixel.gif" width="1" height="1"></body></html>\n`),
        ]),
      };
    },
  },
  {
    name: 'verdict-spam-gray',
    tags: ['spam-gray', 'plain'],
    build: () => ({
      from: { name: 'SEO Experts', email: 'growth@seo.example.org' },
      subject: 'Quick question about your website',
      verdicts: { spam: 'GRAY', dkim: 'none', dmarc: 'none' },
      body: textPart('Hi,\n\nI noticed your website could rank higher. Can we talk for 10 minutes this week?\n\nBest,\nSam\n'),
    }),
  },
  {
    name: 'verdict-dmarc-fail',
    tags: ['dmarc-fail', 'spoofed-from', 'html'],
    build: (m) => ({
      from: { name: 'Example Bank', email: 'no-reply@bank.example.com' },
      envelopeFrom: 'sender@bulk.example.net',
      helo: 'smtp.bulk.example.net',
      subject: 'Your card has been suspended',
      verdicts: { spf: 'fail', dkim: 'fail', dmarc: 'fail' },
      body: multipart('alternative', m.boundary(), [
        textPart(`Your card is suspended. Reactivate: ${m.beacon}/reactivate\n`),
        html(`<html><body><p>Your card is suspended.</p><p><a href="${m.beacon}/reactivate">Reactivate</a></p></body></html>\n`),
      ]),
    }),
  },
  {
    name: 'verdict-processing-failed',
    tags: ['verdict-processing-failed', 'plain'],
    build: () => ({
      from: people.ivan,
      subject: 'Scan results could not be computed',
      verdicts: { spam: 'PROCESSING_FAILED', virus: 'PROCESSING_FAILED', spf: 'neutral', dkim: 'none', dmarc: 'none' },
      body: textPart('SES could not scan this message; the viewer should say so rather than show PASS.\n'),
    }),
  },
];
