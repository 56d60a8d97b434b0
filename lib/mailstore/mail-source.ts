import 'server-only';
import path from 'node:path';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { MailboxConfig, Settings } from '@/lib/config';
import type { DecryptExpectations } from '@/lib/envelope/decrypt';
import type { Keyring } from '@/lib/envelope/keyring';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { LocalAesKeyring } from '@/lib/envelope/local-keyring';
import { kmsClient, s3Client } from './aws-clients';
import { loadOrCreateMasterKey } from './local-key';
import { LocalStore } from './local-store';
import { S3Store } from './s3-store';
import type { ObjectStore } from './store';

/** Everything needed to read one mailbox with one person's rights. */
export interface MailSource {
  mailboxId: string;
  store: ObjectStore;
  keyring: Keyring;
  /** Object-key prefix of the mailbox ("" or ending in "/"). */
  prefix: string;
  expect: DecryptExpectations;
  /**
   * Cache partition: summaries made with one set of rights are only served to people with the
   * same rights (the same IAM role), so IAM keeps deciding who sees even a subject line.
   */
  cacheScope: string;
  /**
   * Epoch ms after which entries cached under cacheScope must not be served (the credentials
   * that made them expire then). Optional: sources without per-person credentials have none.
   */
  cacheExpiresAt?: number;
  /** Who reads (for the audit log only; access was decided before the source was made). */
  reader?: string;
  /** The IdP's stable `sub` of the reader: the key of their read/star/done state (lib/index). */
  person?: string;
  /** The bucket: with `prefix`, the mailbox index's scope. */
  bucket?: string;
  /** A keyring that can make the mailbox's index key (KMS needs a key id: pinned, else the hint). */
  indexKeyring?: (kmsKeyIdHint?: string) => Keyring;
}

export function normalizePrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** The few settings a source needs (the CLI has no mailbox settings, only AWS variables). */
export interface SourceOptions {
  region: string;
  forcePathStyle: boolean;
  sourceAccount?: string;
  allowLegacyCbc: boolean;
}

export function sourceOptions(settings: Settings): SourceOptions {
  return {
    region: settings.AWS_REGION,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    sourceAccount: settings.SESAME_SOURCE_ACCOUNT,
    allowLegacyCbc: settings.SESAME_ALLOW_LEGACY_CBC,
  };
}

function expectations(opts: SourceOptions): DecryptExpectations {
  return { requireSesContext: false, sourceAccount: opts.sourceAccount, allowLegacyCbc: opts.allowLegacyCbc };
}

export function s3Source(
  mailbox: Pick<MailboxConfig, 'id' | 'bucket' | 'prefix' | 'region' | 'kmsKeyId'>,
  opts: SourceOptions,
  access: { credentials?: AwsCredentialIdentity; scope: string },
): MailSource {
  const aws = { region: mailbox.region ?? opts.region, credentials: access.credentials, forcePathStyle: opts.forcePathStyle };
  return {
    mailboxId: mailbox.id,
    store: new S3Store(s3Client(aws), mailbox.bucket),
    keyring: new KmsKeyring(kmsClient(aws), { keyId: mailbox.kmsKeyId }),
    prefix: normalizePrefix(mailbox.prefix),
    expect: expectations(opts),
    cacheScope: `s3|${access.scope}|${mailbox.bucket}`,
    bucket: mailbox.bucket,
    indexKeyring: (hint) => new KmsKeyring(kmsClient(aws), { keyId: mailbox.kmsKeyId ?? hint }),
  };
}

const localKeys = new Map<string, Promise<Buffer>>();

/** The embedded demo: a local folder per bucket and a local AES master key; same code paths otherwise. */
export async function localSource(mailbox: MailboxConfig, settings: Settings): Promise<MailSource> {
  const keyFile = path.resolve(settings.SESAME_LOCAL_KEY_FILE);
  let key = localKeys.get(keyFile);
  if (!key) {
    key = loadOrCreateMasterKey(keyFile);
    localKeys.set(keyFile, key);
    key.catch(() => localKeys.delete(keyFile));
  }
  return {
    mailboxId: mailbox.id,
    store: new LocalStore(path.resolve(settings.SESAME_LOCAL_STORE_DIR, mailbox.bucket)),
    keyring: new LocalAesKeyring(await key),
    prefix: normalizePrefix(mailbox.prefix),
    expect: expectations(sourceOptions(settings)),
    cacheScope: `local|${mailbox.bucket}`,
    bucket: mailbox.bucket,
  };
}

export async function mailSource(
  mailbox: MailboxConfig,
  settings: Settings,
  access: { credentials?: AwsCredentialIdentity; scope: string },
): Promise<MailSource> {
  return settings.SESAME_STORE === 'local' ? localSource(mailbox, settings) : s3Source(mailbox, sourceOptions(settings), access);
}
