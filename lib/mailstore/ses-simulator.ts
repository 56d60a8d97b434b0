import 'server-only';
import { randomBytes } from 'node:crypto';
import { encrypt } from '@/lib/envelope/encrypt';
import type { Keyring } from '@/lib/envelope/keyring';
import type { ObjectStore } from './store';

// What SES does when a receipt rule's S3 action fires (steps 3–6 of the seed flow): a fresh data
// key under the rule's KMS key with SES's encryption context, AES-GCM, PUT with SES's metadata.

export interface SesRule {
  store: ObjectStore;
  prefix: string;
  ruleName: string;
  sourceAccount: string;
  /** Null for a rule without KMS (plain objects). */
  keyring: Keyring | null;
  /** What SES writes as kms_cmk_id: the rule's key ARN or alias ARN. */
  kmsKeyId?: string;
}

const SES_ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A message id shaped like SES's: 28 characters of lower-case base32hex, e.g. d6iitobk75ur44p8kdnnp7g2n800. */
export function newSesMessageId(): string {
  const bytes = randomBytes(28);
  let id = '';
  for (const b of bytes) id += SES_ID_ALPHABET[b & 31];
  return id;
}

export const SETUP_NOTIFICATION_BODY =
  'Amazon SES has successfully set up this bucket as a destination for email. This is a notification and you do not need to take any action.\r\n';

export async function ensureSetupNotification(rule: SesRule): Promise<void> {
  const key = `${rule.prefix}AMAZON_SES_SETUP_NOTIFICATION`;
  if (await rule.store.getIfExists(key)) return;
  await rule.store.put({ key, body: Buffer.from(SETUP_NOTIFICATION_BODY), metadata: {}, contentType: 'text/plain' });
}

export async function deliver(
  rule: SesRule,
  eml: Buffer,
  opts: { messageId?: string; receivedAt?: Date } = {},
): Promise<{ key: string; messageId: string }> {
  const messageId = opts.messageId ?? newSesMessageId();
  const key = `${rule.prefix}${messageId}`;
  if (!rule.keyring) {
    await rule.store.put({ key, body: eml, metadata: {}, lastModified: opts.receivedAt });
    return { key, messageId };
  }
  const { metadata, body } = await encrypt({
    plaintext: eml,
    keyring: rule.keyring,
    ses: { messageId, ruleName: rule.ruleName, sourceAccount: rule.sourceAccount, kmsKeyId: rule.kmsKeyId },
  });
  await rule.store.put({ key, body, metadata, lastModified: opts.receivedAt });
  return { key, messageId };
}
