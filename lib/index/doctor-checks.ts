import 'server-only';
import type { MailboxConfig, Settings } from '@/lib/config';
import { EnvelopeError } from '@/lib/envelope/errors';
import type { MailSource } from '@/lib/mailstore/mail-source';
import { openPglite, openPostgres, type IndexDb } from './db';
import { openIndexKey } from './index-key';

// `sesame doctor`'s index checks: the database answers (migrations applied), and for each
// mailbox its index key can be unwrapped, or (when none exists yet) made, with this replica's
// credentials; otherwise the KMS statement that would allow it.

export interface IndexCheck {
  check: string;
  ok: boolean;
  detail: string;
  statement?: object;
}

function indexStatement(m: MailboxConfig, action: string) {
  return {
    Effect: 'Allow',
    Action: action,
    Resource: m.kmsKeyId ?? 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    Condition: { StringEquals: { 'kms:EncryptionContext:sesame:index': `${m.bucket}/${m.prefix === '' || m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`}` } },
  };
}

export async function openIndexForDoctor(settings: Settings): Promise<{ db: IndexDb | null; line: IndexCheck }> {
  if (settings.SESAME_INDEX === 'off') return { db: null, line: { check: 'index database', ok: true, detail: 'SESAME_INDEX=off: every list row is read directly' } };
  try {
    const db = settings.SESAME_INDEX_URL ? await openPostgres(settings.SESAME_INDEX_URL, { max: 2 }) : await openPglite(settings.SESAME_INDEX_DIR);
    return { db, line: { check: 'index database', ok: true, detail: `${db.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${settings.SESAME_INDEX_DIR}`}: migrations applied` } };
  } catch (err) {
    const inUse = /in use by process/.test((err as Error).message);
    return { db: null, line: { check: 'index database', ok: inUse, detail: inUse ? `${(err as Error).message.split(';')[0]} (the running server; not checked)` : `cannot open: ${(err as Error).message.split('\n')[0]}` } };
  }
}

export async function indexKeyCheck(db: IndexDb, m: MailboxConfig, source: MailSource, kmsKeyHint?: string): Promise<IndexCheck> {
  const scope = `${m.bucket}/${source.prefix}`;
  try {
    const keys = await openIndexKey(db, { scope, keyring: source.keyring });
    if (keys) return { check: 'index key (kms:Decrypt, sesame:index)', ok: true, detail: `unwrapped the index key of ${scope}` };
  } catch (err) {
    return { check: 'index key (kms:Decrypt, sesame:index)', ok: false, detail: (err as Error).message, statement: err instanceof EnvelopeError ? indexStatement(m, 'kms:Decrypt') : undefined };
  }
  // None yet: whoever indexes first makes it. Try GenerateDataKey (the key made here is dropped).
  try {
    const made = await (source.indexKeyring?.(kmsKeyHint) ?? source.keyring).generate({ wrapAlg: source.keyring.kind === 'local' ? 'AES/GCM' : 'kms+context', cekAlg: source.keyring.kind === 'local' ? `sesame:index:${scope}` : 'AES/GCM/NoPadding', kmsContext: source.keyring.kind === 'local' ? {} : { 'sesame:index': scope } });
    made.plaintextKey.fill(0);
    return { check: 'index key (kms:GenerateDataKey, sesame:index)', ok: true, detail: `no index key yet; this role may make it (the first indexing run will)` };
  } catch (err) {
    return { check: 'index key (kms:GenerateDataKey, sesame:index)', ok: false, detail: (err as Error).message, statement: indexStatement(m, 'kms:GenerateDataKey') };
  }
}
