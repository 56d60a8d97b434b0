import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AuthenticationFailedError, UnsupportedAlgorithmError } from './errors';
import { DATA_KEY_BYTES, type GeneratedKey, type Keyring, type UnwrapInput } from './keyring';

const NONCE = 12;
const TAG = 16;

/**
 * A local AES-256 master key with the official clients' `AES/GCM` wrap: encrypted key =
 * nonce(12) ‖ ciphertext ‖ tag(16), AAD = the content algorithm name. Used by the demo store.
 */
export class LocalAesKeyring implements Keyring {
  readonly kind = 'local';
  readonly wraps = ['AES/GCM'] as const;
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the local master key must be 32 bytes');
    this.masterKey = Buffer.from(masterKey);
  }

  async unwrap(input: UnwrapInput): Promise<Buffer> {
    if (input.wrapAlg !== 'AES/GCM') throw new UnsupportedAlgorithmError(`key wrap ${input.wrapAlg} with a local keyring`);
    const blob = input.encryptedKey;
    if (blob.length !== NONCE + DATA_KEY_BYTES + TAG) {
      throw new AuthenticationFailedError('the encrypted data key has the wrong length');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, blob.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(input.cekAlg, 'utf8'));
    decipher.setAuthTag(blob.subarray(blob.length - TAG));
    const key = decipher.update(blob.subarray(NONCE, blob.length - TAG));
    try {
      decipher.final();
    } catch {
      key.fill(0);
      throw new AuthenticationFailedError('the encrypted data key did not authenticate under the master key');
    }
    return key;
  }

  async generate(input: { wrapAlg: string; cekAlg: string }): Promise<GeneratedKey> {
    if (input.wrapAlg !== 'AES/GCM') throw new UnsupportedAlgorithmError(`key wrap ${input.wrapAlg} with a local keyring`);
    const plaintextKey = randomBytes(DATA_KEY_BYTES);
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, nonce);
    cipher.setAAD(Buffer.from(input.cekAlg, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintextKey), cipher.final()]);
    return { plaintextKey, encryptedKey: Buffer.concat([nonce, ct, cipher.getAuthTag()]) };
  }
}
