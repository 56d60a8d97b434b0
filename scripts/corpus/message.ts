// A message definition (what the sender wrote) and its assembly into the bytes SES stores.
import {
  CRLF,
  formatAddresses,
  headerText,
  serialize,
  type Address,
  type Header,
  type MimeNode,
} from './mime-build';
import type { Charset } from './charsets';
import { domainOf } from './people';
import { hash32, rngFrom, sesMessageId, type Rng } from './prng';
import {
  passingVerdicts,
  relayHostFor,
  rfc5322Date,
  senderDkimSignature,
  senderReceived,
  sesHeaderBlock,
  type Verdicts,
} from './ses-headers';

export interface CorpusMessage {
  name: string;
  tags: string[];
  receivedAt: Date;
  eml: Buffer;
  /** The id SES gave the message: its S3 object key and the SMTP id in SES's Received line. */
  sesId: string;
}

/** What every message builder can read. */
export interface Env {
  baseDate: Date;
  beacon: string;
  recipient: string;
}

export interface Msg extends Env {
  name: string;
  rng: Rng;
  receivedAt: Date;
  /** The Date header's instant (a little before SES received it). */
  sentAt: Date;
  sesId: string;
  boundary(): string;
  /** The Message-ID another corpus message got, for In-Reply-To / References. */
  messageIdOf(name: string, fromEmail: string): string;
}

export interface Draft {
  from: Address;
  /** A From value written by hand; `from` still names the sending domain. */
  rawFrom?: string;
  to?: Address[];
  /** A To value written by hand (groups, odd spellings). */
  rawTo?: string;
  cc?: Address[];
  replyTo?: Address[];
  subject?: string;
  /** A Subject written by hand, exactly as it goes on the wire. */
  rawSubject?: string;
  /** How non-ASCII subject and display names are encoded. */
  encoding?: { charset?: Charset; mode?: 'B' | 'Q' };
  /** Sender headers between Message-ID and MIME-Version. */
  headers?: Header[];
  /** Headers directly under SES's block, as if written by an earlier hop (forgeries live here). */
  traceHeaders?: Header[];
  body: MimeNode;
  envelopeFrom?: string;
  helo?: string;
  /** The sender's offset from UTC in minutes. */
  tz?: number;
  messageId?: string;
  verdicts?: Partial<Verdicts>;
  /** The sender's own Received line and DKIM-Signature; default: decided by the seed. */
  senderTrace?: boolean;
}

export interface MessageDef {
  name: string;
  tags: string[];
  /** Hours before the base date; default: somewhere in the last 60 days, from the name. */
  ageHours?: number;
  build(m: Msg): Draft;
}

const DAY_HOURS = 24;

export function messageIdFor(name: string, fromEmail: string): string {
  const rng = rngFrom(`message-id:${name}`);
  const left = `${rng.bytes(6).toString('hex')}.${rng.bytes(4).toString('hex')}`;
  return `<${left}@${domainOf(fromEmail)}>`;
}

export function receivedAtFor(def: MessageDef, baseDate: Date): Date {
  const rng = rngFrom(`received-at:${def.name}`);
  const hours = def.ageHours ?? 0.5 + rng.next() * (60 * DAY_HOURS - 1);
  const ms = Math.round(hours * 3600_000 + rng.int(0, 59) * 1000);
  return new Date(Math.floor((baseDate.getTime() - ms) / 1000) * 1000);
}

const OFFSETS = [0, 60, 120, -300, -240, -420, 330, 540, 600];

/** The instant in the Date header: a little before SES received the message. */
export function sentAtFor(def: MessageDef, baseDate: Date): Date {
  return new Date(receivedAtFor(def, baseDate).getTime() - rngFrom(`latency:${def.name}`).int(1, 90) * 1000);
}

export function buildMessage(def: MessageDef, env: Env): CorpusMessage {
  const rng = rngFrom(def.name);
  const receivedAt = receivedAtFor(def, env.baseDate);
  const sentAt = sentAtFor(def, env.baseDate);
  const sesId = sesMessageId(def.name);
  let boundaries = 0;
  const boundarySeed = hash32(`boundary:${def.name}`).toString(36);
  const m: Msg = {
    ...env,
    name: def.name,
    rng,
    receivedAt,
    sentAt,
    sesId,
    boundary: () => `----=_Part_${boundarySeed}_${++boundaries}.${(hash32(def.name) % 100000) + boundaries * 7}`,
    messageIdOf: messageIdFor,
  };
  try {
    return { name: def.name, tags: [...def.tags], receivedAt, sesId, eml: assemble(def.name, def.build(m), m) };
  } catch (err) {
    throw new Error(`corpus message ${def.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function assemble(name: string, d: Draft, m: Msg): Buffer {
  const pick = rngFrom(`assemble:${name}`);
  const verdicts = { ...passingVerdicts, ...d.verdicts };
  const tz = d.tz ?? pick.pick(OFFSETS);
  const helo = d.helo ?? relayHostFor(d.from.email);
  const headers: Header[] = sesHeaderBlock({
    sesId: m.sesId,
    receivedAt: m.receivedAt,
    recipient: m.recipient,
    envelopeFrom: d.envelopeFrom ?? d.from.email,
    fromEmail: d.from.email,
    helo,
    verdicts,
  });
  headers.push(...(d.traceHeaders ?? []));
  const trace = d.senderTrace ?? pick.chance(0.6);
  if (trace) headers.push(senderReceived(helo, m.recipient, m.sentAt, tz, name));
  if (trace && verdicts.dkim !== 'none') headers.push(senderDkimSignature(d.from.email, m.sentAt, name));
  const enc = d.encoding ?? {};
  headers.push(['From', d.rawFrom ?? formatAddresses([d.from], enc)]);
  if (d.rawTo !== undefined) headers.push(['To', d.rawTo]);
  else headers.push(['To', formatAddresses(d.to ?? [{ email: m.recipient }], enc)]);
  if (d.cc?.length) headers.push(['Cc', formatAddresses(d.cc, enc)]);
  if (d.replyTo?.length) headers.push(['Reply-To', formatAddresses(d.replyTo, enc)]);
  if (d.rawSubject !== undefined) headers.push(['Subject', d.rawSubject]);
  else if (d.subject !== undefined) headers.push(['Subject', headerText(d.subject, enc)]);
  headers.push(['Date', rfc5322Date(m.sentAt, tz)]);
  headers.push(['Message-ID', d.messageId ?? messageIdFor(name, d.from.email)]);
  headers.push(...(d.headers ?? []));
  headers.push(['MIME-Version', '1.0']);
  headers.push(...d.body.headers);
  const eml = serialize({ headers, body: d.body.body });
  return eml.subarray(-2).toString() === CRLF ? eml : Buffer.concat([eml, Buffer.from(CRLF)]);
}
