// Attachments and inline parts: real PDF/PNG/ZIP bytes, RFC 2231 names, cid: images,
// forwarded messages, bounces, calendar invitations.
import { pdf, png, zip } from './binaries';
import type { MessageDef, Msg } from './message';
import { filePart, html, messagePart, multipart, serialize, textPart } from './mime-build';
import { people } from './people';
import { rfc5322Date } from './ses-headers';

const invoicePdf = (m: Msg, number: string): Buffer =>
  pdf({ title: `Invoice ${number}`, lines: ['Example Hosting Ltd.', `Date: ${m.sentAt.toISOString().slice(0, 10)}`, 'Mail storage, 500 GiB    42.00 USD', 'Total                     42.00 USD'] });

const csv = 'date,messages,bytes\n2026-10-01,1204,88213004\n2026-10-02,1188,80310442\n2026-10-03,997,61002311\n';
const logsZip = (m: Msg): Buffer =>
  zip(
    [
      { name: 'readme.txt', data: Buffer.from('Logs from the mail relay, one file per day.\n') },
      { name: 'logs/relay-2026-10-01.log', data: Buffer.from('10:00:01 accepted 1204\n10:00:02 rejected 3\n') },
    ],
    m.sentAt,
  );

const note = (text: string): ReturnType<typeof textPart> => textPart(`${text}\n`);

function ics(m: Msg): string {
  const fmt = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const start = new Date(Math.floor(m.receivedAt.getTime() / 3600_000) * 3600_000 + 3 * 86400_000);
  return [
    'BEGIN:VCALENDAR', 'PRODID:-//Example Corp//Calendar 1.0//EN', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT',
    `UID:${m.sesId}@calendar.example.com`, `DTSTAMP:${fmt(m.sentAt)}`, `DTSTART:${fmt(start)}`,
    `DTEND:${fmt(new Date(start.getTime() + 3600_000))}`, 'SUMMARY:Design review: message view',
    'ORGANIZER;CN=Alice Martin:mailto:alice.martin@example.com', `ATTENDEE;CN=Inbox;RSVP=TRUE:mailto:${m.recipient}`,
    'LOCATION:Room 4.12', 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\n');
}

export const attachmentMessages: MessageDef[] = [
  {
    name: 'attachment-pdf-invoice',
    tags: ['attachments', 'pdf'],
    build: (m) => ({
      from: { name: 'Example Hosting Billing', email: 'billing@hosting.example.net' },
      subject: 'Invoice INV-2026-1031',
      body: multipart('mixed', m.boundary(), [note('Your invoice is attached.'), filePart(invoicePdf(m, 'INV-2026-1031'), { type: 'application/pdf', filename: 'INV-2026-1031.pdf' })]),
    }),
  },
  {
    name: 'attachment-png-image',
    tags: ['attachments', 'png'],
    build: (m) => ({
      from: people.grace,
      subject: 'The gradient you asked for',
      body: multipart('mixed', m.boundary(), [note('64 by 64, as promised.'), filePart(png(), { type: 'image/png', filename: 'gradient.png' })]),
    }),
  },
  {
    name: 'attachment-zip-archive',
    tags: ['attachments', 'zip'],
    build: (m) => ({
      from: people.ops,
      subject: 'Relay logs for October',
      body: multipart('mixed', m.boundary(), [note('Zipped logs attached.'), filePart(logsZip(m), { type: 'application/zip', filename: 'relay-logs.zip' })]),
    }),
  },
  {
    name: 'attachment-txt-csv',
    tags: ['attachments', 'txt', 'csv'],
    build: (m) => ({
      from: people.judy,
      subject: 'Numbers for the report',
      body: multipart('mixed', m.boundary(), [
        note('CSV and my notes attached.'),
        filePart(Buffer.from('Notes\n=====\nThe dip on the 3rd is the holiday.\n'.replace(/\n/g, '\r\n')), { type: 'text/plain; charset=utf-8', filename: 'notes.txt', cte: 'quoted-printable' }),
        filePart(Buffer.from(csv), { type: 'text/csv; charset=utf-8', filename: 'daily-volume.csv' }),
      ]),
    }),
  },
  {
    name: 'attachments-mixed',
    tags: ['attachments', 'html', 'pdf', 'png', 'zip', 'csv', 'txt'],
    build: (m) => ({
      from: people.alice,
      cc: [people.bob],
      subject: 'Everything for the audit',
      body: multipart('mixed', m.boundary(), [
        multipart('alternative', m.boundary(), [
          textPart('Hi,\n\nAll five files for the audit are attached.\n\nAlice\n'),
          html('<html><body><p>Hi,</p><p>All <b>five</b> files for the audit are attached.</p><p>Alice</p></body></html>\n'),
        ]),
        filePart(invoicePdf(m, 'INV-2026-0930'), { type: 'application/pdf', filename: 'INV-2026-0930.pdf' }),
        filePart(png({ from: [200, 30, 60], to: [20, 200, 120] }), { type: 'image/png', filename: 'chart.png' }),
        filePart(logsZip(m), { type: 'application/zip', filename: 'logs.zip' }),
        filePart(Buffer.from(csv), { type: 'text/csv', filename: 'volume.csv' }),
        filePart(Buffer.from('Checked by Alice.\r\n'), { type: 'text/plain', filename: 'sign-off.txt' }),
      ]),
    }),
  },
  {
    name: 'attachment-non-ascii-filenames',
    tags: ['attachments', 'rfc2231', 'i18n', 'pdf', 'txt', 'png'],
    build: (m) => ({
      from: people.kenji,
      subject: '請求書と資料',
      body: multipart('mixed', m.boundary(), [
        note('請求書を添付します。よろしくお願いします。'),
        filePart(invoicePdf(m, '2026-10'), { type: 'application/pdf', filename: '請求書_2026年10月.pdf', legacyName: true }),
        filePart(Buffer.from('Zoë’s résumé, plain text.\r\n'), { type: 'text/plain; charset=utf-8', filename: 'Résumé – Zoë.txt' }),
        filePart(png({ width: 32, height: 32 }), { type: 'image/png', filename: 'фото.png' }),
      ]),
    }),
  },
  {
    name: 'attachment-rfc2231-continuation',
    tags: ['attachments', 'rfc2231', 'csv'],
    build: (m) => ({
      from: people.heidi,
      subject: 'Quartalsbericht Q3',
      body: multipart('mixed', m.boundary(), [
        note('Anbei der Bericht.'),
        filePart(Buffer.from(csv), { type: 'text/csv', filename: 'Quartalsbericht_Übersicht_aller_Niederlassungen_2026_Q3_endgültig_geprüft.csv' }),
      ]),
    }),
  },
  {
    name: 'attachment-hostile-filenames',
    tags: ['hostile', 'hostile-filename', 'attachments'],
    build: (m) => ({
      from: people.mallory,
      subject: 'Documents you requested',
      body: multipart('mixed', m.boundary(), [
        note('Please open all attachments.'),
        filePart(Buffer.from('not really a password file\n'), { type: 'text/plain', filename: '../../etc/passwd' }),
        filePart(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]), { type: 'application/x-msdownload', filename: 'invoice.pdf.exe' }),
        filePart(Buffer.from('right-to-left override\n'), { type: 'application/octet-stream', filename: 'invoice\u202Efdp.exe' }),
        filePart(Buffer.from('header injection attempt\n'), { type: 'text/plain', filename: 'report"; filename="evil.html\r\nContent-Type: text/html.txt' }),
        filePart(Buffer.from('windows path\n'), { type: 'text/plain', filename: 'C:\\Windows\\System32\\drivers\\etc\\hosts' }),
        filePart(Buffer.from('markup in a name\n'), { type: 'text/plain', filename: '<img src=x onerror=alert(1)>.txt' }),
        filePart(Buffer.from('long name\n'), { type: 'text/plain', filename: `${'a'.repeat(240)}.txt` }),
      ]),
    }),
  },
  {
    name: 'inline-cid-images',
    tags: ['html', 'inline-images', 'cid', 'png'],
    build: (m) => ({
      from: people.carol,
      subject: 'Screenshots of the new inbox',
      body: multipart('alternative', m.boundary(), [
        textPart('Two screenshots are in the HTML version.\n'),
        multipart('related', m.boundary(), [
          html(`<html><body><p>The list:</p><img src="cid:list.${m.sesId}@example.net" alt="list" width="64"><p>The message view:</p>
<img src="cid:view.${m.sesId}@example.net" alt="view" width="48"></body></html>\n`),
          filePart(png(), { type: 'image/png', filename: 'list.png', inline: true, cid: `list.${m.sesId}@example.net` }),
          filePart(png({ width: 48, height: 48, from: [10, 10, 10], to: [250, 250, 250] }), { type: 'image/png', filename: 'view.png', inline: true, cid: `view.${m.sesId}@example.net` }),
        ], ['type="text/html"']),
      ]),
    }),
  },
  {
    name: 'inline-cid-with-attachment',
    tags: ['html', 'inline-images', 'cid', 'attachments', 'png', 'pdf'],
    build: (m) => ({
      from: people.erin,
      subject: 'Signed contract + our logo',
      body: multipart('mixed', m.boundary(), [
        multipart('related', m.boundary(), [
          multipart('alternative', m.boundary(), [
            textPart('Contract attached.\n\nErin\n[logo]\n'),
            html('<html><body><p>Contract attached.</p><p>Erin<br><img src="cid:image001.png@01DB2C4F.6A1B2C30" width="32" height="32" alt="logo"></p></body></html>\n'),
          ]),
          filePart(png({ width: 32, height: 32, from: [0, 90, 160], to: [0, 160, 90] }), { type: 'image/png', filename: 'image001.png', inline: true, cid: 'image001.png@01DB2C4F.6A1B2C30' }),
        ]),
        filePart(pdf({ title: 'Contract', lines: ['Signed by both parties.'] }), { type: 'application/pdf', filename: 'contract-signed.pdf' }),
      ]),
    }),
  },
  {
    name: 'forward-attached-eml',
    tags: ['attachments', 'message-rfc822', 'forward'],
    build: (m) => {
      const inner = serialize({
        headers: [
          ['From', 'Bob Okafor <bob@example.org>'],
          ['To', 'Alice Martin <alice.martin@example.com>'],
          ['Subject', 'Budget numbers'],
          ['Date', rfc5322Date(new Date(m.sentAt.getTime() - 86400_000))],
          ['Message-ID', `<fwd.${m.sesId}@example.org>`],
          ['MIME-Version', '1.0'],
          ['Content-Type', 'text/plain; charset=us-ascii'],
        ],
        body: Buffer.from('The budget is 12k for Q4.\r\n'),
      });
      return {
        from: people.alice,
        subject: 'Fwd: Budget numbers',
        body: multipart('mixed', m.boundary(), [note('FYI, see the attached message.'), messagePart(inner, 'Budget numbers.eml')]),
      };
    },
  },
  {
    name: 'bounce-dsn',
    tags: ['bounce', 'dsn', 'multipart-report'],
    build: (m) => {
      const report = multipart('report', m.boundary(), [
        textPart('This is the mail system at host mx.example.org.\n\nYour message could not be delivered to nobody@example.net: user unknown.\n'),
        {
          headers: [['Content-Type', 'message/delivery-status']],
          body: Buffer.from(
            `Reporting-MTA: dns; mx.example.org\r\nArrival-Date: ${rfc5322Date(m.sentAt)}\r\n\r\nFinal-Recipient: rfc822; nobody@example.net\r\n` +
              'Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown\r\n',
          ),
        },
        { headers: [['Content-Type', 'text/rfc822-headers']], body: Buffer.from(`From: ${m.recipient}\r\nTo: nobody@example.net\r\nSubject: Hello?\r\n`) },
      ], ['report-type=delivery-status']);
      return {
        from: people.postmaster,
        envelopeFrom: '',
        helo: 'mx.example.org',
        subject: 'Undelivered Mail Returned to Sender',
        headers: [['Auto-Submitted', 'auto-replied']],
        body: report,
      };
    },
  },
  {
    name: 'calendar-invite',
    tags: ['calendar', 'attachments', 'ics', 'html'],
    build: (m) => ({
      from: people.alice,
      subject: 'Invitation: Design review: message view',
      body: multipart('mixed', m.boundary(), [
        multipart('alternative', m.boundary(), [
          textPart('You are invited: Design review: message view, Room 4.12.\n'),
          html('<html><body><p>You are invited: <b>Design review: message view</b>, Room 4.12.</p></body></html>\n'),
          textPart(ics(m), { subtype: 'calendar', params: ['method=REQUEST'], cte: '7bit', charset: 'utf-8' }),
        ]),
        filePart(Buffer.from(ics(m).replace(/\n/g, '\r\n')), { type: 'application/ics', filename: 'invite.ics' }),
      ]),
    }),
  },
  {
    name: 'attachment-no-filename',
    tags: ['attachments', 'no-filename'],
    build: (m) => ({
      from: people.ivan,
      subject: 'Binary blob from the scanner',
      body: multipart('mixed', m.boundary(), [note('The scanner sends files without names.'), filePart(m.rng.bytes(512), { type: 'application/octet-stream' })]),
    }),
  },
];
