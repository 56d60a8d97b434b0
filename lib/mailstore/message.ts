import 'server-only';
import { decrypt, decryptHead, type EnvelopeInfo } from '@/lib/envelope/decrypt';
import type { MailSource } from './mail-source';
import type { StoredObjectInfo } from './store';
import { StoreError } from './store-errors';

// One message = one object in the mailbox's prefix, read through the store, opened by the envelope.

const SETUP_NOTIFICATION = 'AMAZON_SES_SETUP_NOTIFICATION';
const INSTRUCTION_SUFFIX = '.instruction';
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+=@-]{0,254}$/;

/** SES's setup notice, instruction files and "folder" keys are objects, not mail. */
export function isMailKey(prefix: string, key: string): boolean {
  if (!key.startsWith(prefix)) return false;
  const id = key.slice(prefix.length);
  return ID_PATTERN.test(id) && id !== SETUP_NOTIFICATION && !id.endsWith(INSTRUCTION_SUFFIX);
}

/** The object key for a message id from a URL; anything that could leave the prefix is refused. */
export function keyFor(source: MailSource, id: string): string {
  const key = source.prefix + id;
  if (!isMailKey(source.prefix, key) || id.includes('..')) {
    throw new StoreError('invalid-key', 'That message id is not valid in this mailbox.');
  }
  return key;
}

export function idOf(source: MailSource, key: string): string {
  return key.slice(source.prefix.length);
}

/**
 * Is there such a message, and may this person's role read it? One HEAD request, for pages that
 * must answer 404 or 403 before they start streaming. Throws StoreError (not-found,
 * access-denied, invalid-key, unavailable).
 */
export async function checkMessage(source: MailSource, id: string): Promise<StoredObjectInfo> {
  const key = keyFor(source, id);
  const info = await source.store.head(key);
  if (!info) throw new StoreError('not-found', 'There is no such message in this mailbox (it may have been deleted).', false, `There is no object ${key} in ${source.store.description}.`);
  return info;
}

export interface OpenedMessage {
  raw: Buffer;
  info: EnvelopeInfo;
  object: StoredObjectInfo;
}

function instructionLoader(source: MailSource, key: string) {
  return async () => (await source.store.getIfExists(key + INSTRUCTION_SUFFIX))?.body ?? null;
}

/** Read and fully verify one message. Throws StoreError or a typed EnvelopeError. */
export async function readMessage(source: MailSource, id: string): Promise<OpenedMessage> {
  const key = keyFor(source, id);
  const obj = await source.store.get(key);
  const { plaintext, info } = await decrypt({
    metadata: obj.metadata,
    body: obj.body,
    keyring: source.keyring,
    expect: { ...source.expect, objectKey: key },
    loadInstructionFile: instructionLoader(source, key),
    consumeBody: true,
  });
  return { raw: plaintext, info, object: { key, size: obj.size, lastModified: obj.lastModified, etag: obj.etag } };
}

export interface OpenedHead {
  head: Buffer;
  /** True when the head is the whole message, fully authenticated. */
  complete: boolean;
  info: EnvelopeInfo;
}

/**
 * The first `bytes` of a message for its list row: one ranged GET and, for encrypted objects,
 * one KMS Decrypt; not authenticated unless the head covers the whole object.
 */
export async function readMessageHead(
  source: MailSource,
  object: StoredObjectInfo,
  bytes: number,
  opts: { mayHaveInstructionFile: boolean },
): Promise<OpenedHead> {
  const obj = await source.store.get(object.key, object.size > bytes ? { start: 0, end: bytes - 1 } : undefined);
  const out = await decryptHead({
    metadata: obj.metadata,
    head: obj.body,
    objectSize: obj.size,
    keyring: source.keyring,
    expect: { ...source.expect, objectKey: object.key },
    loadInstructionFile: opts.mayHaveInstructionFile ? instructionLoader(source, object.key) : undefined,
  });
  return { head: out.plaintext, complete: out.complete, info: out.info };
}
