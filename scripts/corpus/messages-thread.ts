// Conversations: Re: subjects, In-Reply-To / References chains, quoted replies, a fork.
import { messageIdFor, sentAtFor, type MessageDef, type Msg } from './message';
import { html, multipart, textPart, type Address } from './mime-build';
import { people } from './people';
import { rfc5322Date } from './ses-headers';

interface ThreadSpec {
  slug: string;
  subject: string;
  /** Reply prefix per message (index 0 has none). */
  prefixes?: string[];
  senders: Address[];
  texts: string[];
  /** parents[i]: the message i answers (default i - 1). */
  parents?: Record<number, number>;
  firstAgeHours: number;
  stepHours: number;
  tags: string[];
  tz?: number;
  htmlEvery?: number;
  quoteHeader: (who: Address, date: string) => string;
}

function thread(spec: ThreadSpec): MessageDef[] {
  const count = spec.texts.length;
  const names = spec.texts.map((_, i) => `${spec.slug}-${String(i + 1).padStart(2, '0')}`);
  const parentOf = (i: number): number => spec.parents?.[i] ?? i - 1;
  const sender = (i: number): Address => spec.senders[i % spec.senders.length] ?? people.alice;
  const defs: MessageDef[] = [];
  const fullText = (i: number, baseDate: Date): string => {
    const own = spec.texts[i] ?? '';
    if (i === 0) return own;
    const p = parentOf(i);
    const parentDef = defs[p];
    if (!parentDef) throw new Error('thread parents must come first');
    const quoted = fullText(p, baseDate)
      .split('\n')
      .map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`))
      .join('\n');
    const date = rfc5322Date(sentAtFor(parentDef, baseDate), spec.tz ?? 0);
    return `${own}\n\n${spec.quoteHeader(sender(p), date)}\n${quoted}`;
  };
  const ancestry = (i: number): number[] => (i === 0 ? [0] : [...ancestry(parentOf(i)), i]);
  for (let i = 0; i < count; i++) {
    const name = names[i] ?? '';
    const asHtml = spec.htmlEvery !== undefined && i % spec.htmlEvery === spec.htmlEvery - 1;
    const def: MessageDef = {
      name,
      tags: [...spec.tags, asHtml ? 'html' : 'plain', i === 0 ? 'thread-start' : 'reply'],
      ageHours: spec.firstAgeHours - i * spec.stepHours,
      build: (m: Msg) => {
        const from = sender(i);
        const others = spec.senders.filter((s) => s.email !== from.email);
        const chain = ancestry(i).slice(0, -1).map((k) => messageIdFor(names[k] ?? '', sender(k).email));
        const text = fullText(i, m.baseDate);
        const body = asHtml
          ? multipart('alternative', m.boundary(), [
              textPart(text),
              html(`<html><body><div dir="ltr">${(spec.texts[i] ?? '').replace(/\n/g, '<br>')}</div><br>` +
                `<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">` +
                `${text.split('\n').filter((l) => l.startsWith('>')).map((l) => l.replace(/^> ?/, '').replace(/&/g, '&amp;').replace(/</g, '&lt;')).join('<br>')}</blockquote></body></html>\n`),
            ])
          : textPart(text);
        const answered = i === 0 ? undefined : sender(parentOf(i));
        const to = answered && answered.email !== from.email ? [answered] : others;
        return {
          from,
          to,
          cc: [{ email: m.recipient }, ...others.filter((o) => !to.includes(o))],
          subject: i === 0 ? spec.subject : `${spec.prefixes?.[i] ?? 'Re: '}${spec.subject}`,
          tz: spec.tz,
          headers:
            i === 0
              ? []
              : [
                  ['In-Reply-To', chain[chain.length - 1] ?? ''],
                  ['References', chain.join(' ')],
                ],
          body,
        };
      },
    };
    defs.push(def);
  }
  return defs;
}

const roadmapTexts = [
  'Hi all,\n\nDraft of the Q3 roadmap is in the shared folder. Three themes:\n1. encrypted storage for all mail\n2. SSO for the viewer\n3. retention rules\n\nComments by Friday please.\n\nAlice',
  'Looks good. I would swap 2 and 3: retention is a compliance ask with a date on it.\n\nBob',
  'Agree with Bob on the order. Do we have an estimate for SSO?\n\nCarol',
  'SSO is two weeks if the IdP team helps, four if not. I asked them today.\n\nDave',
  'Updated the doc: retention first, then SSO. Added a risk section.\n\nAlice',
  'Risk section reads well. One more risk: KMS costs if every view decrypts.\n\nBob',
  'We cache summaries, so a list view is one decrypt per new message, not per view.\n\nCarol',
  'Going back to Alice\'s update: can we add a milestone for the demo store?\n\nDave',
  'Added: demo store in week 3.\n\nAlice',
  'Thanks. IdP team says yes, so SSO is two weeks.\n\nDave',
  'Great, then the plan fits the quarter. Sending it to leadership tomorrow.\n\nAlice',
  'Approved by leadership. Thanks everyone!\n\nBob',
];

const lunchTexts = [
  '皆さん\n\n金曜日のランチ、駅前の新しいお店に行きませんか？\n12時にロビー集合でどうでしょう。\n\n由紀',
  'いいですね！参加します。\n予約しておきましょうか？\n\n健二',
  'ありがとうございます。4名で予約をお願いします🍜\n\n由紀',
];

export const threadMessages: MessageDef[] = [
  ...thread({
    slug: 'thread-roadmap',
    subject: 'Q3 roadmap review',
    prefixes: ['', 'Re: ', 'Re: ', 'RE: ', 'Re: ', 'Re: ', 'Re: ', 'Re: ', 'Re: ', 'Re: ', 'Re: ', 'Re: '],
    senders: [people.alice, people.bob, people.carol, people.dave],
    texts: roadmapTexts,
    parents: { 7: 4, 8: 7 },
    firstAgeHours: 20 * 24,
    stepHours: 25,
    tags: ['thread', 'quoted'],
    htmlEvery: 4,
    tz: 60,
    quoteHeader: (who, date) => `On ${date}, ${who.name} <${who.email}> wrote:`,
  }),
  ...thread({
    slug: 'thread-lunch',
    subject: '金曜日のランチ',
    senders: [people.yuki, people.kenji],
    texts: lunchTexts,
    firstAgeHours: 30,
    stepHours: 2,
    tags: ['thread', 'i18n', 'japanese', 'encoded-subject'],
    tz: 540,
    quoteHeader: (who, date) => `${date} ${who.name} <${who.email}>:`,
  }),
];
