import 'server-only';
import { getSettings } from '@/lib/config';
import { processWide } from '@/lib/process-wide';
import { auditRead } from '@/lib/log';
import type { EnvelopeInfo } from '@/lib/envelope/decrypt';
import { extractAttachment, extractInlineByContentId, type ExtractedPart } from '@/lib/mime/extract';
import { parseMessage } from '@/lib/mime/parse';
import { sanitizeOffThread } from '@/lib/mime/sanitize-pool';
import { readVerdicts } from '@/lib/mime/verdicts';
import type { EncryptionInfo, MessageDetail } from '@/lib/types';
import { markReadOnOpen, theIndex } from '@/lib/index/service';
import { Inbox, type InboxPage, type PageView } from './inbox';
import { Lru } from './lru';
import type { MailSource } from './mail-source';
import { readMessage, type OpenedMessage } from './message';

// What route handlers and pages call: one function per thing a reader asks for. Each takes a
// MailSource built for the signed-in person (lib/auth/reader-source.ts), so every read uses that
// person's rights.

function theInbox(): Inbox {
  return processWide('inbox', () => {
    const s = getSettings();
    return new Inbox({ concurrency: s.SESAME_CONCURRENCY, cacheSize: s.SESAME_SUMMARY_CACHE_SIZE, index: theIndex });
  });
}

export async function inboxPage(
  source: MailSource,
  opts: { page: number; pageSize: number; query?: string; fresh?: boolean } & PageView,
): Promise<InboxPage> {
  return theInbox().page(source, opts);
}

// Recently opened messages stay decrypted in memory for a short while (never on disk), so the
// tabs, cid: images and attachments of one message cost one GET and one KMS Decrypt, not many.
const OPENED_TTL_MS = 60_000;
const opened = processWide(
  'opened',
  () => new Lru<string, { at: number; message: OpenedMessage }>(64, { maxWeight: 160 * 1024 * 1024, weigh: (e) => e.message.raw.length }),
);
const opening = processWide('opening', () => new Map<string, Promise<OpenedMessage>>());

async function open(source: MailSource, id: string): Promise<OpenedMessage> {
  const key = `${source.cacheScope}|${source.prefix}${id}`;
  const hit = opened.get(key);
  const message = hit && Date.now() - hit.at < OPENED_TTL_MS ? hit.message : await decryptOnce(source, id, key);
  // Every read is audited, also those served from memory: the cache must not hide a reader.
  auditRead({
    reader: source.reader ?? 'server',
    mailbox: source.mailboxId,
    key: message.object.key,
    kmsKeyId: message.info.kmsKeyId,
    encrypted: message.info.encrypted,
    decrypted: message !== hit?.message,
  });
  return message;
}

function decryptOnce(source: MailSource, id: string, key: string): Promise<OpenedMessage> {
  let pending = opening.get(key);
  if (!pending) {
    pending = readMessage(source, id)
      .then((message) => {
        opened.set(key, { at: Date.now(), message });
        return message;
      })
      .finally(() => opening.delete(key));
    opening.set(key, pending);
  }
  return pending;
}

export function encryptionInfo(info: EnvelopeInfo, keyringKind: 'kms' | 'local'): EncryptionInfo {
  if (!info.encrypted) return { kind: 'none', format: 'not encrypted (SES rule without KMS)' };
  const wrap = info.wrapAlg ?? '';
  return {
    kind: keyringKind === 'local' ? 'local' : 'kms',
    format: `${info.format} ${info.cekAlg ?? ''}, ${wrap}${info.fromInstructionFile ? ', instruction file' : ''}`,
    kmsKeyId: info.kmsKeyId,
    ruleName: info.ruleName,
  };
}

export function cidPath(mailboxId: string, id: string, cid: string): string {
  return `/api/mailboxes/${encodeURIComponent(mailboxId)}/messages/${encodeURIComponent(id)}/cid/${encodeURIComponent(cid)}`;
}

/** Remote images after "Show" load through the body route's referrer-free redirect (body/remote). */
export function remoteRedirectPrefix(mailboxId: string, id: string): string {
  return `/api/mailboxes/${encodeURIComponent(mailboxId)}/messages/${encodeURIComponent(id)}/body/remote?u=`;
}

// Parsed and sanitized views, in memory only: sanitizing a large newsletter costs far more than
// decrypting it, and readers switch tabs and come back.
const details = processWide(
  'details',
  () => new Lru<string, MessageDetail>(256, { maxWeight: 64 * 1024 * 1024, weigh: (d) => 2 * ((d.html?.length ?? 0) + (d.text?.length ?? 0)) + 4096 }),
);

export async function messageDetail(source: MailSource, id: string, opts: { allowRemote: boolean }): Promise<MessageDetail> {
  const { raw, info, object } = await open(source, id);
  markReadOnOpen(source, id);
  const cacheKey = `${source.cacheScope}|${object.key}|${object.etag}|${opts.allowRemote ? 'remote' : 'blocked'}`;
  const hit = details.get(cacheKey);
  if (hit) return hit;
  const parsed = await parseMessage(raw);
  const sanitized = parsed.html
    ? await sanitizeOffThread(parsed.html, {
        allowRemote: opts.allowRemote,
        cidPrefix: cidPath(source.mailboxId, id, ''),
        remotePrefix: remoteRedirectPrefix(source.mailboxId, id),
      })
    : null;
  const detail: MessageDetail = {
    id,
    mailbox: source.mailboxId,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    subject: parsed.subject,
    date: parsed.date,
    receivedAt: object.lastModified.toISOString(),
    messageIdHeader: parsed.messageIdHeader,
    headers: parsed.headers,
    html: sanitized?.html ?? null,
    hasRemoteContent: sanitized?.hasRemoteContent ?? false,
    ...(sanitized?.simplified ? { htmlNote: sanitized.simplified } : {}),
    text: parsed.text,
    attachments: parsed.attachments,
    verdicts: readVerdicts(parsed.headers),
    encryption: encryptionInfo(info, source.keyring.kind),
    size: object.size,
    tooComplex: parsed.tooComplex,
  };
  details.set(cacheKey, detail);
  return detail;
}

export async function rawMessage(source: MailSource, id: string): Promise<Buffer> {
  return (await open(source, id)).raw;
}

export async function attachment(source: MailSource, id: string, index: number): Promise<ExtractedPart | null> {
  return extractAttachment((await open(source, id)).raw, index);
}

export async function inlineImage(source: MailSource, id: string, cid: string): Promise<ExtractedPart | null> {
  return extractInlineByContentId((await open(source, id)).raw, cid);
}
