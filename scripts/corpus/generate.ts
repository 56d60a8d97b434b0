// The corpus: realistic, varied mail as SES stores it, byte-identical for the same inputs.
// Seeds the demo store and feeds integration and browser tests.
import { buildMessage, type CorpusMessage, type Env, type MessageDef } from './message';
import { attachmentMessages } from './messages-attachments';
import { hostileHtmlMessages } from './messages-hostile-html';
import { hostileOtherMessages } from './messages-hostile-other';
import { i18nMessages } from './messages-i18n';
import { integrationLargeMessage, largeCorpusMessage } from './messages-large';
import { newsletterMessages } from './messages-newsletters';
import { notificationMessages } from './messages-notifications';
import { plainMessages } from './messages-plain';
import { threadMessages } from './messages-thread';
import { verdictMessages } from './messages-verdicts';

export type { CorpusMessage } from './message';
export { sesMessageId } from './prng';

export interface CorpusOptions {
  /** Every receivedAt lies in the ~60 days before this instant. */
  baseDate: Date;
  /** Origin of every remote image, pixel, stylesheet and hostile reference. */
  beaconOrigin?: string;
  /** Include the message with a 15 MiB attachment (integrationSet: the ~12 MiB one). Default true. */
  includeLarge?: boolean;
  /** The SES recipient (the inbox). Default inbox@example.com. */
  recipient?: string;
}

export const DEFAULT_BEACON_ORIGIN = 'http://127.0.0.1:9';
export const DEFAULT_RECIPIENT = 'inbox@example.com';

const allDefs: MessageDef[] = [
  ...plainMessages,
  ...newsletterMessages,
  ...notificationMessages,
  ...threadMessages,
  ...attachmentMessages,
  ...i18nMessages,
  ...hostileHtmlMessages,
  ...hostileOtherMessages,
  ...verdictMessages,
];

const INTEGRATION_NAMES = [
  'plain-hello',
  'newsletter-remote-images',
  'attachments-mixed',
  'attachment-non-ascii-filenames',
  'i18n-japanese-subject',
  'i18n-emoji-subject',
];

function envOf(opts: CorpusOptions): Env {
  if (Number.isNaN(opts.baseDate.getTime())) throw new Error('baseDate is not a valid date');
  return {
    baseDate: new Date(opts.baseDate.getTime()),
    beacon: (opts.beaconOrigin ?? DEFAULT_BEACON_ORIGIN).replace(/\/+$/, ''),
    recipient: opts.recipient ?? DEFAULT_RECIPIENT,
  };
}

function build(defs: MessageDef[], opts: CorpusOptions): CorpusMessage[] {
  const seen = new Set<string>();
  for (const def of defs) {
    if (seen.has(def.name)) throw new Error(`duplicate corpus message name: ${def.name}`);
    seen.add(def.name);
  }
  const env = envOf(opts);
  return defs.map((def) => buildMessage(def, env));
}

/** About 100 messages (one of them ~20 MiB unless includeLarge is false). */
export function generateCorpus(opts: CorpusOptions): CorpusMessage[] {
  return build(opts.includeLarge === false ? allDefs : [...allDefs, largeCorpusMessage], opts);
}

/** A few messages for integration tests: plain, HTML, attachments, non-ASCII headers, ~12 MiB. */
export function integrationSet(opts: CorpusOptions): CorpusMessage[] {
  const picked = INTEGRATION_NAMES.map((name) => {
    const def = allDefs.find((d) => d.name === name);
    if (!def) throw new Error(`integration set names a missing message: ${name}`);
    return def;
  });
  return build(opts.includeLarge === false ? picked : [...picked, integrationLargeMessage], opts);
}

/** Names and tags of the corpus, without building any message. */
export function corpusCatalog(opts: { includeLarge?: boolean } = {}): Array<{ name: string; tags: string[] }> {
  const defs = opts.includeLarge === false ? allDefs : [...allDefs, largeCorpusMessage];
  return defs.map((d) => ({ name: d.name, tags: [...d.tags] }));
}
