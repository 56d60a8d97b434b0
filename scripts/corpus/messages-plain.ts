// Person-to-person plain text mail: encodings, charsets, recipients lists, auto-replies.
import type { MessageDef } from './message';
import { textPart } from './mime-build';
import { people } from './people';

export const plainMessages: MessageDef[] = [
  {
    name: 'plain-hello',
    tags: ['plain', '7bit'],
    build: () => ({
      from: people.bob,
      subject: 'Quick hello',
      body: textPart('Hi,\n\nJust checking the new inbox works. Ping me when you see this.\n\nBob\n', { charset: 'us-ascii', cte: '7bit' }),
    }),
  },
  {
    name: 'plain-with-urls',
    tags: ['plain', 'urls'],
    build: () => ({
      from: people.carol,
      subject: 'Links for the onboarding doc',
      body: textPart(
        'Hey,\n\nHere are the links I promised:\n\n' +
          '- Handbook: https://wiki.example.com/handbook/onboarding\n' +
          '- Expense tool: https://expenses.example.org/login?next=%2Freports\n' +
          '- The slides (www.example.net/slides/q3.pdf) are still a draft.\n' +
          '- Ticket: <https://tracker.example.com/browse/OPS-1482>\n\n' +
          'Mail me at carol.nguyen@example.net if anything 404s.\n\nCarol\n',
      ),
    }),
  },
  {
    name: 'plain-meeting-notes',
    tags: ['plain', 'cc', 'reply-to'],
    build: (m) => ({
      from: people.dave,
      to: [{ email: m.recipient }, people.alice],
      cc: [people.erin, people.frank],
      replyTo: [{ name: 'Platform team', email: 'platform@example.org' }],
      subject: 'Notes: platform sync, week 44',
      body: textPart(
        'Attendees: Dave, Alice, Erin, Frank\n\nDecisions\n  1. Move the mail bucket to a dedicated account.\n' +
          '  2. Rotate the KMS key yearly; keep old versions enabled for decrypt.\n  3. Demo on Friday.\n\n' +
          'Action items\n  [Alice] draft the bucket policy\n  [Erin]  check SES receipt rule limits\n' +
          '  [Frank] price out the log retention\n\nReplies go to the team list.\n\n-- \nDave Fischer\nPlatform, Example Org\n',
      ),
    }),
  },
  {
    name: 'plain-latin1-qp',
    tags: ['plain', 'charset-iso-8859-1', 'quoted-printable'],
    build: () => ({
      from: people.heidi,
      subject: 'Grüße aus München',
      encoding: { charset: 'iso-8859-1', mode: 'Q' },
      body: textPart(
        'Hallo!\n\nViele Grüße aus München. Das Café an der Ecke hat endlich wieder geöffnet,\n' +
          'und der Kuchen ist so gut wie früher. Naïve Frage: kommst du zur Straßenfeier?\n\n' +
          'Preis: 12 EUR pro Person, Kinder ½ Preis. Tschüß!\n\nBis bald,\nHeidi\n',
        { charset: 'iso-8859-1', cte: 'quoted-printable' },
      ),
    }),
  },
  {
    name: 'plain-windows-1252',
    tags: ['plain', 'charset-windows-1252', '8bit'],
    build: () => ({
      from: people.frank,
      subject: 'Devis – “version finale”',
      encoding: { charset: 'windows-1252', mode: 'Q' },
      body: textPart(
        'Bonjour,\n\nVoici le devis “version finale” – 1 250 € HT, livraison comprise.\n' +
          'Œuvre complète, à régler sous 30 jours.\n\nCordialement,\nFrank Dubois\n',
        { charset: 'windows-1252', cte: '8bit' },
      ),
    }),
  },
  {
    name: 'plain-utf8-8bit',
    tags: ['plain', 'charset-utf-8', '8bit'],
    build: () => ({
      from: people.ivan,
      subject: 'Привет из Москвы',
      body: textPart(
        'Привет!\n\nНаконец-то разобрался с почтой. Всё работает, письма приходят.\n' +
          'Ελληνικά, also: Καλημέρα. And some maths: ∑ xᵢ² ≤ ∞.\n\nИван\n',
        { cte: '8bit' },
      ),
    }),
  },
  {
    name: 'plain-koi8r-base64',
    tags: ['plain', 'charset-koi8-r', 'base64'],
    build: () => ({
      from: people.ivan,
      subject: 'Отчёт за октябрь',
      encoding: { charset: 'koi8-r', mode: 'B' },
      body: textPart('Добрый день!\n\nОтчёт за октябрь готов, цифры сходятся.\nЗамечаний нет.\n\nС уважением,\nИван Петров\n', {
        charset: 'koi8-r',
        cte: 'base64',
      }),
    }),
  },
  {
    name: 'plain-long-lines-qp',
    tags: ['plain', 'quoted-printable', 'long-lines'],
    build: () => ({
      from: people.judy,
      subject: 'The long version (sorry)',
      body: textPart(
        'So here is the whole story, in one very long paragraph because my mail client does not wrap lines and I never learned to press enter: ' +
          'we started the migration on Monday, found that the old bucket had objects from 2019 encrypted with a key nobody remembered creating, ' +
          'spent Tuesday finding the key (it was in the other account, of course), and by Wednesday every message could be read again. ' +
          'Equals signs = fine, trailing spaces at the end of a line are encoded too.   \n\nJudy\n',
      ),
    }),
  },
  {
    name: 'plain-format-flowed',
    tags: ['plain', 'format-flowed'],
    build: () => ({
      from: people.grace,
      subject: 'Re: retention policy',
      body: textPart(
        'I think 400 days is right for the mail bucket. It covers a full year \nplus the audit window, and lifecycle rules make it free to enforce. \n\n' +
          '> Should we keep spam at all?\n\nNo: 30 days, then gone.\n\nGrace\n',
        { params: ['format=flowed', 'delsp=no'], cte: '7bit', charset: 'us-ascii' },
      ),
    }),
  },
  {
    name: 'plain-no-subject',
    tags: ['plain', 'no-subject'],
    build: () => ({
      from: people.erin,
      body: textPart('Forgot the subject, sorry. The answer is yes.\n\nErin\n', { cte: '7bit', charset: 'us-ascii' }),
    }),
  },
  {
    name: 'plain-undisclosed-recipients',
    tags: ['plain', 'group-address', 'bcc'],
    build: () => ({
      from: people.alice,
      rawTo: 'undisclosed-recipients:;',
      subject: 'Office closed on Friday',
      body: textPart('Hi all,\n\nThe office is closed this Friday for maintenance. Work from home.\n\nAlice\n', { cte: '7bit', charset: 'us-ascii' }),
    }),
  },
  {
    name: 'plain-many-recipients',
    tags: ['plain', 'cc', 'many-recipients'],
    build: (m) => ({
      from: people.judy,
      to: [people.alice, people.bob, { email: m.recipient }, people.carol, people.dave, people.frank],
      cc: [people.grace, people.heidi, people.ivan, { name: 'Team Leads', email: 'leads@example.com' }],
      subject: 'Holiday rota for December',
      body: textPart(
        'Rota (on call / backup):\n\n  Week 49  Alice / Bob\n  Week 50  Carol / Dave\n  Week 51  Frank / Grace\n  Week 52  Heidi / Ivan\n\nSwap among yourselves, tell me after.\n',
      ),
    }),
  },
  {
    name: 'plain-auto-reply',
    tags: ['plain', 'auto-reply'],
    build: () => ({
      from: people.frank,
      subject: 'Automatic reply: Holiday rota for December',
      headers: [
        ['Auto-Submitted', 'auto-replied'],
        ['X-Auto-Response-Suppress', 'All'],
        ['Precedence', 'auto_reply'],
      ],
      body: textPart('I am out of the office until Monday with limited access to mail.\nFor urgent matters contact dave@example.org.\n'),
    }),
  },
  {
    name: 'plain-pgp-signed',
    tags: ['plain', 'pgp-inline'],
    build: () => ({
      from: people.ivan,
      subject: 'Release 2.4.1 checksums',
      body: textPart(
        '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nsha256 (sesame-2.4.1.tar.gz) = 9f2c1e0b7a4d5c6e8f90123456789abcdef0123456789abcdef0123456789ab\n\n' +
          '-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEEexampleexampleexampleexampleexampleFAmXXXXsACgkQ\nexampleexampleexampleexampleexampleexampleexampleexample=\n=abcd\n-----END PGP SIGNATURE-----\n',
        { cte: '7bit', charset: 'us-ascii' },
      ),
    }),
  },
  {
    name: 'plain-utf8-base64',
    tags: ['plain', 'charset-utf-8', 'base64'],
    build: () => ({
      from: people.carol,
      subject: 'Phở tonight?',
      body: textPart('Phở at 7? The place on Nguyễn Huệ street does a great bún chả too.\n\nCarol\n', { cte: 'base64' }),
    }),
  },
];
