import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// The index key and what is derived from it. One AES-256 key per mailbox (wrapped by KMS, see
// index-key.ts); from it, with HKDF, one key to seal rows, one for the blind-index tokens, one
// for conversation hashes and one to pseudonymise people in the per-person state. No key derived
// here ever leaves the process or reaches a log.

const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export interface BlindKeys {
  tokens: Uint8Array;
  threads: Uint8Array;
}

/** token() and threadHash() of IndexKeys from their two keys alone (see IndexKeys.blindKeys). Holds the caller's bytes, not a copy. */
export class BlindHasher {
  private readonly tokens: Buffer;
  private readonly threads: Buffer;

  constructor(keys: BlindKeys) {
    if (keys.tokens.length !== 32 || keys.threads.length !== 32) throw new Error('a blind-index key is 32 bytes');
    this.tokens = Buffer.from(keys.tokens.buffer, keys.tokens.byteOffset, keys.tokens.byteLength);
    this.threads = Buffer.from(keys.threads.buffer, keys.threads.byteOffset, keys.threads.byteLength);
  }

  token(field: string, word: string): string {
    return createHmac('sha256', this.tokens).update(`${field}\u0000${word}`).digest().readBigInt64BE(0).toString();
  }

  threadHash(kind: 'id' | 'subject', value: string): string {
    return createHmac('sha256', this.threads).update(`${kind}\u0000${value}`).digest().readBigInt64BE(0).toString();
  }
}

export class IndexKeys {
  private readonly seal: Buffer;
  private readonly tokens: Buffer;
  private readonly threads: Buffer;
  private readonly people: Buffer;
  private readonly blind: BlindHasher;

  constructor(indexKey: Buffer) {
    if (indexKey.length !== 32) throw new Error('an index key is 32 bytes');
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', indexKey, Buffer.alloc(0), `sesame-index ${info} v1`, 32));
    this.seal = derive('seal');
    this.tokens = derive('tokens');
    this.threads = derive('threads');
    this.people = derive('people');
    this.blind = new BlindHasher({ tokens: this.tokens, threads: this.threads });
  }

  /** AES-256-GCM; `aad` binds the row to its object (bucket/key/ETag). version ‖ nonce ‖ ct ‖ tag. */
  sealRow(plaintext: Buffer, aad: string): Buffer {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.seal, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, ct, cipher.getAuthTag()]);
  }

  /** The plaintext, or null when the row does not authenticate (altered, moved, other key). */
  openRow(sealed: Uint8Array, aad: string): Buffer | null {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (blob.length < 1 + NONCE + TAG || blob[0] !== VERSION) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.seal, blob.subarray(1, 1 + NONCE));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(blob.subarray(blob.length - TAG));
      return Buffer.concat([decipher.update(blob.subarray(1 + NONCE, blob.length - TAG)), decipher.final()]);
    } catch {
      return null;
    }
  }

  /**
   * A blind-index token: HMAC-SHA256 of field and word, cut to 64 bits (a signed int8 in SQL).
   * At 64 bits two words of one mailbox collide with odds of about n²/2⁶⁵: a rare extra hit.
   */
  token(field: string, word: string): string {
    return this.blind.token(field, word);
  }

  /** A conversation hash (of a Message-ID or a normalised subject), int8 like a token. */
  threadHash(kind: 'id' | 'subject', value: string): string {
    return this.blind.threadHash(kind, value);
  }

  /**
   * Fresh copies of the two keys token() and threadHash() use, for the index's parse thread
   * (lib/index/extract-pool.ts), which hashes a message's words where it parses them. Only what it
   * needs: never the index key, the seal key or the people key. The copies cross to the thread
   * (same process) in a transfer list and are zeroed there after the message.
   */
  blindKeys(): { tokens: Uint8Array<ArrayBuffer>; threads: Uint8Array<ArrayBuffer> } {
    return { tokens: new Uint8Array(this.tokens), threads: new Uint8Array(this.threads) };
  }

  /** A person in this mailbox's state rows: their IdP `sub` is never stored as such. */
  person(sub: string): Buffer {
    return createHmac('sha256', this.people).update(sub).digest().subarray(0, 16);
  }
}

/** Row additional data: the object the row was made from, so a row moved to another object fails. */
export function rowAad(bucket: string, key: string, etag: string): string {
  return `${bucket}/${key}/${etag}`;
}
