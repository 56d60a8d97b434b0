// Machine-written mail: CI results, parcels, security notices, reminders. Many similar
// messages, as a real inbox has.
import type { MessageDef } from './message';
import { html, multipart, textPart } from './mime-build';
import { people } from './people';

const ciRuns = [1201, 1202, 1203, 1204, 1205, 1206].map((run, i) => ({ run, failed: i % 3 !== 1, branch: i < 3 ? 'main' : `feature/envelope-v${i}` }));

const ciMessages: MessageDef[] = ciRuns.map(({ run, failed, branch }) => ({
  name: `ci-build-${run}`,
  tags: ['notification', 'ci', failed ? 'ci-failed' : 'ci-passed', ...(failed ? ['html'] : ['plain'])],
  build: (m) => {
    const subject = `[example/sesame] Build #${run} ${failed ? 'failed' : 'passed'} on ${branch}`;
    const log = failed
      ? `  FAIL  lib/envelope/decrypt.test.ts > rejects a tampered tag\n    Expected: DecryptError\n    Received: undefined\n\n  Tests  1 failed | ${140 + run % 7} passed`
      : `  Tests  ${141 + run % 7} passed\n  Duration  ${m.rng.int(30, 90)}s`;
    const text = `${subject}\n\nCommit ${m.rng.bytes(4).toString('hex')} by Grace Ho\n\n${log}\n\nDetails: https://ci.example.com/example/sesame/runs/${run}\n`;
    return {
      from: people.ci,
      to: [{ email: m.recipient }],
      subject,
      headers: [['X-CI-Run', String(run)], ['Auto-Submitted', 'auto-generated']],
      body: failed
        ? multipart('alternative', m.boundary(), [
            textPart(text),
            html(`<html><body><h2 style="color:#b00020">✗ Build #${run} failed</h2><p>Branch <code>${branch}</code></p><pre>${log.replace(/</g, '&lt;')}</pre>
<p><a href="https://ci.example.com/example/sesame/runs/${run}">Open the run</a></p></body></html>\n`),
          ])
        : textPart(text, { cte: '7bit', charset: 'us-ascii' }),
    };
  },
}));

const parcels = [
  { step: 'has shipped', eta: 'Thursday' },
  { step: 'is in transit', eta: 'Friday' },
  { step: 'is out for delivery', eta: 'today' },
  { step: 'was delivered', eta: '' },
];

const shippingMessages: MessageDef[] = parcels.map(({ step, eta }, i) => ({
  name: `shipping-update-${i + 1}`,
  tags: ['notification', 'shipping', 'html'],
  ageHours: 200 - i * 30,
  build: (m) => ({
    from: { name: 'Example Parcel', email: 'tracking@parcel.example.net' },
    subject: `Your parcel ${step}`,
    body: multipart('alternative', m.boundary(), [
      textPart(`Parcel EXP-4471-9902 ${step}.${eta ? ` Expected: ${eta}.` : ''}\nTrack: https://parcel.example.net/t/EXP44719902\n`),
      html(`<html><body style="font-family:sans-serif"><p>Parcel <b>EXP-4471-9902</b> ${step}.</p>${eta ? `<p>Expected: <b>${eta}</b></p>` : ''}
<ol>${parcels.slice(0, i + 1).map((p) => `<li>${p.step}</li>`).join('')}</ol></body></html>\n`),
    ]),
  }),
}));

const securityMessages: MessageDef[] = [
  ...['Firefox on Linux', 'Safari on iPhone'].map((device, i): MessageDef => ({
    name: `security-login-alert-${i + 1}`,
    tags: ['notification', 'security', 'html'],
    build: (m) => ({
      from: people.bank,
      subject: 'New sign-in to your account',
      body: multipart('alternative', m.boundary(), [
        textPart(`A new sign-in from ${device} (IP 198.51.100.${20 + i}).\nIf this was not you, call us on the number on your card.\n`),
        html(`<html><body><p>A new sign-in from <b>${device}</b> (IP 198.51.100.${20 + i}).</p><p>If this was not you, call us on the number on your card.</p></body></html>\n`),
      ]),
    }),
  })),
  {
    name: 'security-password-changed',
    tags: ['notification', 'security', 'plain'],
    build: () => ({
      from: { name: 'Example Accounts', email: 'accounts@example.com' },
      subject: 'Your password was changed',
      body: textPart('The password for inbox@example.com was changed.\nIf you did not do this, reset it at https://accounts.example.com/reset\n', { cte: '7bit', charset: 'us-ascii' }),
    }),
  },
  {
    name: 'storage-quota-warning',
    tags: ['notification', 'plain'],
    build: () => ({
      from: people.ops,
      subject: '[warning] mail bucket at 82% of budget',
      headers: [['X-Priority', '2 (High)'], ['Importance', 'high']],
      body: textPart('Bucket: sesame-mail-prod\nSize: 412.3 GiB (82% of the 500 GiB budget)\nGrowth: +3.1 GiB/day\n\nRunbook: https://wiki.example.com/runbooks/mail-bucket\n'),
    }),
  },
];

const meetings = ['Design review', 'Quarterly planning', '1:1 with Alice'];

const calendarMessages: MessageDef[] = meetings.map((title, i) => ({
  name: `calendar-reminder-${i + 1}`,
  tags: ['notification', 'calendar', 'html'],
  build: (m) => ({
    from: people.calendar,
    subject: `Reminder: ${title} @ ${['Tue', 'Wed', 'Thu'][i]} 10:00 – 11:00 (UTC)`,
    body: multipart('alternative', m.boundary(), [
      textPart(`${title}\nWhen: ${['Tue', 'Wed', 'Thu'][i]} 10:00 – 11:00 (UTC)\nWhere: Room 4.12 / https://meet.example.com/${title.toLowerCase().replace(/\W+/g, '-')}\n`),
      html(`<html><body><h3>${title}</h3><p>When: ${['Tue', 'Wed', 'Thu'][i]} 10:00 – 11:00 (UTC)</p><p>Where: Room 4.12</p></body></html>\n`),
    ]),
  }),
}));

const reviewMessages: MessageDef[] = [
  { pr: 42, title: 'Add envelope decrypt (AES-GCM)' },
  { pr: 57, title: 'Sanitize HTML on the server' },
].map(({ pr, title }) => ({
  name: `review-request-${pr}`,
  tags: ['notification', 'code-review', 'plain', 'reply-to'],
  build: (m) => ({
    from: { name: 'Grace Ho (via Example Forge)', email: 'notifications@forge.example.com' },
    replyTo: [{ email: `reply+${m.sesId.slice(0, 12)}@forge.example.com` }],
    subject: `[example/sesame] ${title} (PR #${pr})`,
    headers: [
      ['X-Forge-Reason', 'review_requested'],
      ['List-Id', 'example/sesame <sesame.example.forge.example.com>'],
      ['In-Reply-To', `<example/sesame/pull/${pr}@forge.example.com>`],
    ],
    body: textPart(`@grace requested your review on #${pr}: ${title}.\n\nFiles changed: ${m.rng.int(3, 12)}\n\n-- \nReply to this email directly or view it on Example Forge:\nhttps://forge.example.com/example/sesame/pull/${pr}\n`),
  }),
}));

export const notificationMessages: MessageDef[] = [
  ...ciMessages,
  ...shippingMessages,
  ...securityMessages,
  ...calendarMessages,
  ...reviewMessages,
];
