import 'server-only';
import type { Keyring } from '@/lib/envelope/keyring';
import { IndexKeys } from './crypto';
import type { Queryable } from './db';

// The per-mailbox index key: 32 random bytes made by KMS GenerateDataKey under the mailbox's KMS
// key with its own encryption context {"sesame:index": "<bucket>/<prefix>"} (in the demo, wrapped
// by the local master key with the scope as additional data). Only the wrapped form is stored;
// each reader unwraps it with their own credentials, so the key policy decides who sees rows.

const KMS_CEK = 'AES/GCM/NoPadding';

export interface KeyAccess {
  /** "<bucket>/<prefix>": the mailbox the key belongs to. */
  scope: string;
  keyring: Keyring;
  /** A keyring that can GenerateDataKey (KMS needs a key id; local is the keyring itself). */
  generator?: () => Keyring;
}

function wrapInput(access: KeyAccess): { wrapAlg: string; cekAlg: string; kmsContext: Record<string, string> } {
  return access.keyring.kind === 'local'
    ? { wrapAlg: 'AES/GCM', cekAlg: `sesame:index:${access.scope}`, kmsContext: {} }
    : { wrapAlg: 'kms+context', cekAlg: KMS_CEK, kmsContext: { 'sesame:index': access.scope } };
}

async function unwrap(access: KeyAccess, wrapped: Uint8Array): Promise<IndexKeys> {
  const raw = await access.keyring.unwrap({ ...wrapInput(access), encryptedKey: Buffer.from(wrapped) });
  try {
    return new IndexKeys(raw);
  } finally {
    raw.fill(0);
  }
}

/** The stored key unwrapped with the caller's rights, or null when the mailbox has none yet. */
export async function openIndexKey(db: Queryable, access: KeyAccess): Promise<IndexKeys | null> {
  const found = await db.query<{ wrapped: Uint8Array; wrap: string }>('SELECT wrapped, wrap FROM index_keys WHERE scope = $1', [access.scope]);
  const row = found.rows[0];
  if (!row) return null;
  if (row.wrap !== access.keyring.kind) throw new Error(`the index key of this mailbox is wrapped by ${row.wrap}, not ${access.keyring.kind}`);
  return unwrap(access, row.wrapped);
}

/**
 * Creates the key if the mailbox has none. Race-safe: two replicas creating at once both INSERT …
 * ON CONFLICT DO NOTHING, and both then use the one row that won.
 */
export async function openOrCreateIndexKey(db: Queryable, access: KeyAccess): Promise<IndexKeys> {
  const existing = await openIndexKey(db, access);
  if (existing) return existing;
  const generator = access.generator?.() ?? access.keyring;
  const made = await generator.generate(wrapInput(access));
  try {
    const inserted = await db.query<{ scope: string }>(
      'INSERT INTO index_keys (scope, wrap, wrapped) VALUES ($1, $2, $3) ON CONFLICT (scope) DO NOTHING RETURNING scope',
      [access.scope, access.keyring.kind, made.encryptedKey],
    );
    if (inserted.rows.length) return new IndexKeys(made.plaintextKey);
  } finally {
    made.plaintextKey.fill(0);
  }
  const winner = await openIndexKey(db, access);
  if (!winner) throw new Error('the index key vanished while it was being created');
  return winner;
}
