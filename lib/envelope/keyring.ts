import 'server-only';

// A keyring turns an encrypted data key back into the 32-byte data key (decrypt) and makes a
// fresh data key with its wrapped form (encrypt, for the SES simulator and tests).

export interface UnwrapInput {
  wrapAlg: string;
  cekAlg: string;
  encryptedKey: Buffer;
  kmsContext: Record<string, string>;
  /** Key named by the envelope (matdesc kms_cmk_id): used only to name the key in errors. */
  keyNameHint?: string;
}

export interface GeneratedKey {
  /** Zero it (fill(0)) as soon as the content is encrypted. */
  plaintextKey: Buffer;
  encryptedKey: Buffer;
  /** The key that wrapped it, e.g. the KMS key ARN. */
  keyId?: string;
}

export interface Keyring {
  readonly kind: 'kms' | 'local';
  /** Wrap algorithms (V2 spelling) this keyring unwraps. */
  readonly wraps: readonly string[];
  unwrap(input: UnwrapInput): Promise<Buffer>;
  generate(input: { wrapAlg: string; cekAlg: string; kmsContext: Record<string, string> }): Promise<GeneratedKey>;
}

export const DATA_KEY_BYTES = 32;
