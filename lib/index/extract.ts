import 'server-only';
import { htmlToText } from '@/lib/mime/html-text';
import { parseMessage } from '@/lib/mime/parse';
import { summaryFromHead } from '@/lib/mime/summary';
import type { Address, MessageSummary } from '@/lib/types';
import type { BlindHasher } from './crypto';
import { hasReplyPrefix, threadSubject, wordsOf } from './words';

// From one fully decrypted, authenticated message to what its index row holds: the sealed
// summary, the blind-index tokens and the conversation hashes. Bounded: at most MAX_TEXT_CHARS of
// body text and MAX_WORDS distinct words per message, whatever the message's size. The indexer
// runs this in a worker thread (extract-pool.ts): parsing and hashing a large message is seconds
// of synchronous work that must not hold up the event loop serving pages.

const MAX_TEXT_CHARS = 2 * 1024 * 1024;
const MAX_WORDS = 20_000;
const MAX_REFS = 50;

/** The list-row fields sealed in the row (what MessageSummary shows that S3 does not). */
export type SealedSummary = Pick<MessageSummary, 'from' | 'to' | 'subject' | 'date' | 'snippet' | 'hasAttachments' | 'encrypted'>;

export interface IndexedRow {
  summary: SealedSummary;
  tokens: string[];
  threadId: string | null;
  threadRefs: string[];
  threadSubject: string | null;
  /** A reply that names no parent: it may join an earlier message by subject. */
  threadReply: boolean;
}

// Field letters of the tokens: a query for from:x asks for token ('f', x), plain words for any.
export const FIELD = { subject: 's', from: 'f', to: 't', body: 'b', has: 'h' } as const;

function addressWords(list: (Address | null)[]): Set<string> {
  const words = new Set<string>();
  for (const a of list) if (a) wordsOf(`${a.name} ${a.address}`, 200, words);
  return words;
}

const MESSAGE_ID = /<([^<>\s]{1,998})>/g;

function ids(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(MESSAGE_ID)].map((m) => m[1]!.toLowerCase());
}

/** The two hashes of a row: IndexKeys, or a BlindHasher from its blindKeys() in the parse thread. */
export type RowHasher = Pick<BlindHasher, 'token' | 'threadHash'>;

export async function indexedRow(raw: Buffer, keys: RowHasher, encrypted: boolean): Promise<IndexedRow> {
  const head = summaryFromHead(raw, { complete: true });
  const parsed = await parseMessage(raw);
  const header = (name: string) => parsed.headers.find((h) => h.name.toLowerCase() === name)?.value;
  const tokens = new Set<string>();
  const add = (field: string, words: Iterable<string>) => {
    for (const w of words) tokens.add(keys.token(field, w));
  };
  add(FIELD.subject, wordsOf(head.subject, 500));
  add(FIELD.from, addressWords([head.from]));
  add(FIELD.to, addressWords([...head.to, ...parsed.cc]));
  let text = parsed.text ?? '';
  if (parsed.html && text.length < MAX_TEXT_CHARS) text += `\n${htmlToText(parsed.html.slice(0, MAX_TEXT_CHARS))}`;
  add(FIELD.body, wordsOf(text.slice(0, MAX_TEXT_CHARS), MAX_WORDS));
  if (head.hasAttachments || parsed.attachments.some((a) => !a.inline)) add(FIELD.has, ['attachment']);

  const own = ids(parsed.messageIdHeader ?? undefined)[0];
  const refs = [...ids(header('references')), ...ids(header('in-reply-to'))].slice(-MAX_REFS);
  const subject = threadSubject(head.subject);
  return {
    summary: { ...head, hasAttachments: head.hasAttachments || parsed.attachments.some((a) => !a.inline), encrypted },
    tokens: [...tokens],
    threadId: own ? keys.threadHash('id', own) : null,
    threadRefs: [...new Set(refs.map((r) => keys.threadHash('id', r)))],
    threadSubject: subject ? keys.threadHash('subject', subject) : null,
    threadReply: refs.length === 0 && hasReplyPrefix(head.subject),
  };
}
