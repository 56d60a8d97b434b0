// Non-ASCII headers and bodies: RFC 2047 in several charsets, mixed encoded-words, raw UTF-8
// headers, Japanese legacy charsets, right-to-left text.
import type { MessageDef } from './message';
import { encodeWords, formatAddress, html, multipart, textPart } from './mime-build';
import { people } from './people';

export const i18nMessages: MessageDef[] = [
  {
    name: 'i18n-japanese-subject',
    tags: ['i18n', 'japanese', 'encoded-subject', 'encoded-name', 'base64'],
    build: () => ({
      from: people.kenji,
      subject: '日本語の件名',
      tz: 540,
      body: textPart('お疲れ様です。山田です。\n\n来週の打ち合わせの資料を共有します。\nご確認のほど、よろしくお願いいたします。\n\n山田 健二\n', { cte: 'base64' }),
    }),
  },
  {
    name: 'i18n-iso-2022-jp',
    tags: ['i18n', 'japanese', 'charset-iso-2022-jp', '7bit', 'encoded-subject', 'encoded-name'],
    build: () => ({
      from: people.yuki,
      subject: '会議室の予約について',
      encoding: { charset: 'iso-2022-jp', mode: 'B' },
      tz: 540,
      body: textPart('佐藤です。\n\n明日の会議室は三階の大会議室に変更になりました。\n時間は午後二時からです。\n\nよろしくお願いします。\n', {
        charset: 'iso-2022-jp',
        cte: '7bit',
      }),
    }),
  },
  {
    name: 'i18n-shift-jis',
    tags: ['i18n', 'japanese', 'charset-shift_jis', 'base64', 'encoded-subject'],
    build: () => ({
      from: { name: '経理部', email: 'keiri@example.net' },
      subject: '経費精算の締め切り',
      encoding: { charset: 'shift_jis', mode: 'B' },
      tz: 540,
      body: textPart('各位\n\n今月の経費精算の締め切りは二十五日です。\n領収書を忘れずに提出してください。\n\n経理部\n', { charset: 'shift_jis', cte: 'base64' }),
    }),
  },
  {
    name: 'i18n-emoji-subject',
    tags: ['i18n', 'emoji', 'encoded-subject', 'encoded-name', 'quoted-printable', 'html'],
    build: (m) => ({
      from: { name: 'Erin 🎈 O’Brien', email: 'erin.obrien@example.com' },
      subject: '🎉 Party on Friday! 🎂🥳',
      encoding: { mode: 'Q' },
      body: multipart('alternative', m.boundary(), [
        textPart('🎉 Friday, 17:00, roof terrace. Bring snacks 🍕🍩. RSVP 👍 or 👎.\n'),
        html('<html><body><p style="font-size:24px">🎉🎂🥳</p><p>Friday, 17:00, roof terrace. Bring snacks 🍕🍩.</p></body></html>\n'),
      ]),
    }),
  },
  {
    name: 'i18n-mixed-encoded-words',
    tags: ['i18n', 'encoded-subject', 'mixed-encoded-words'],
    build: () => ({
      from: people.frank,
      // Whitespace between adjacent encoded-words disappears when decoded (RFC 2047, 6.2).
      rawSubject: `Re: ${encodeWords('Café', { mode: 'Q' })} ${encodeWords('とケーキ')} and ${encodeWords('crème brûlée', { charset: 'iso-8859-1', mode: 'Q' })} ${encodeWords('🎉')} =?us-ascii?Q?plain?= tail`,
      body: textPart('Dessert menu attached in my head.\n\nFrank\n'),
    }),
  },
  {
    name: 'i18n-raw-utf8-headers',
    tags: ['i18n', 'raw-utf8-headers', '8bit'],
    build: () => ({
      from: people.heidi,
      rawFrom: `Jürgen Groß <juergen@example.org>`,
      rawSubject: 'Ünïcödé ohne Kodierung — 生のUTF-8',
      body: textPart('Mein Mailprogramm schickt Kopfzeilen als rohes UTF-8 (RFC 6532).\n', { cte: '8bit' }),
    }),
  },
  {
    name: 'i18n-long-japanese-subject',
    tags: ['i18n', 'japanese', 'encoded-subject', 'folded-header'],
    build: () => ({
      from: people.kenji,
      subject: '【重要】システムメンテナンスのお知らせ：十一月十五日（日）午前二時から午前六時まで、メールサービスを一時停止いたします',
      tz: 540,
      body: textPart('メンテナンス中はメールの送受信ができません。\nご不便をおかけしますが、ご理解のほどよろしくお願いいたします。\n'),
    }),
  },
  {
    name: 'i18n-chinese-html',
    tags: ['i18n', 'chinese', 'html', 'quoted-printable'],
    build: (m) => ({
      from: { name: '王小明', email: 'xiaoming.wang@example.com' },
      subject: '季度报告已发布',
      tz: 480,
      body: multipart('alternative', m.boundary(), [
        textPart('大家好，\n\n第三季度报告已经发布，请查阅。\n\n王小明\n'),
        html('<html><body><p>大家好，</p><p>第三季度报告已经<b>发布</b>，请查阅。</p><p>王小明</p></body></html>\n'),
      ]),
    }),
  },
  {
    name: 'i18n-arabic-rtl',
    tags: ['i18n', 'arabic', 'rtl', 'html'],
    build: (m) => ({
      from: { name: 'سارة أحمد', email: 'sara.ahmed@example.org' },
      subject: 'مرحبا بكم في الفريق',
      tz: 180,
      body: multipart('alternative', m.boundary(), [
        textPart('مرحبا بكم في الفريق! الاجتماع الأول يوم الأحد.\n'),
        html('<html dir="rtl" lang="ar"><body><p>مرحبا بكم في الفريق!</p><p>الاجتماع الأول يوم <b>الأحد</b>.</p></body></html>\n'),
      ]),
    }),
  },
  {
    name: 'i18n-korean-plain',
    tags: ['i18n', 'korean', 'plain'],
    build: () => ({
      from: { name: '김민준', email: 'minjun.kim@example.net' },
      subject: '회의 일정 변경 안내',
      tz: 540,
      body: textPart('안녕하세요,\n\n내일 회의는 오후 3시로 변경되었습니다.\n\n감사합니다.\n김민준\n', { cte: 'base64' }),
    }),
  },
  {
    name: 'i18n-latin1-encoded-name',
    tags: ['i18n', 'charset-iso-8859-1', 'encoded-subject', 'encoded-name'],
    build: (m) => ({
      from: { name: 'François Lefèvre', email: 'francois.lefevre@example.net' },
      to: [{ name: 'Boîte de réception', email: m.recipient }],
      cc: [{ name: 'Zoë Ångström', email: 'zoe@example.org' }],
      subject: 'Réunion à 15h : déplacée',
      encoding: { charset: 'iso-8859-1', mode: 'Q' },
      body: textPart('La réunion est déplacée à jeudi, même heure.\n\nFrançois\n', { charset: 'iso-8859-1' }),
    }),
  },
  {
    name: 'i18n-quoted-display-names',
    tags: ['i18n', 'quoted-names'],
    build: (m) => ({
      from: { name: 'Doe, John (Sales)', email: 'john.doe@example.com' },
      rawTo: [formatAddress({ name: 'Inbox "primary"', email: m.recipient }), formatAddress({ name: 'Renée, Ops', email: 'renee@example.org' })].join(', '),
      subject: 'Names with commas, quotes and accents',
      body: textPart('Address parsers have to get these right.\n'),
    }),
  },
];
