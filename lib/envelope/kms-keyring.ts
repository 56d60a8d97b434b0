import 'server-only';
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  AuthenticationFailedError,
  ContextMismatchError,
  EnvelopeError,
  KmsAccessDeniedError,
  KmsKeyDisabledError,
  KmsKeyMismatchError,
  KmsUnavailableError,
  UnsupportedAlgorithmError,
} from './errors';
import { isPinnedKey } from './key-id';
import { DATA_KEY_BYTES, type GeneratedKey, type Keyring, type UnwrapInput } from './keyring';

type KmsLike = Pick<KMSClient, 'send'>;

export interface KmsKeyringOptions {
  /** Pin the key: Decrypt is called with this KeyId. Never taken from the object's metadata. */
  keyId?: string;
}

/**
 * KMS keyring. The caller builds the KMS client with the signed-in person's credentials; the
 * keyring holds no credentials of its own.
 */
export class KmsKeyring implements Keyring {
  readonly kind = 'kms';
  readonly wraps = ['kms', 'kms+context'] as const;

  constructor(
    private readonly kms: KmsLike,
    private readonly options: KmsKeyringOptions = {},
  ) {}

  async unwrap(input: UnwrapInput): Promise<Buffer> {
    if (!(this.wraps as readonly string[]).includes(input.wrapAlg)) {
      throw new UnsupportedAlgorithmError(`key wrap ${input.wrapAlg} with a KMS keyring`);
    }
    const keyName = this.options.keyId ?? input.keyNameHint;
    let plaintext: Uint8Array | undefined;
    let reportedKeyId: string | undefined;
    try {
      const out = await this.kms.send(
        new DecryptCommand({
          CiphertextBlob: input.encryptedKey,
          EncryptionContext: input.kmsContext,
          KeyId: this.options.keyId,
        }),
      );
      plaintext = out.Plaintext;
      reportedKeyId = out.KeyId;
    } catch (err) {
      throw mapKmsError(err, keyName);
    }
    if (!plaintext) throw new KmsUnavailableError(keyName, 'KMS returned no data key');
    const key = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    // KMS enforces a KeyId it is given, but a proxy, a VPC endpoint policy gone wrong or a future
    // API change must not make a pinned mailbox read mail wrapped under another key: check it.
    if (this.options.keyId !== undefined && !isPinnedKey(this.options.keyId, reportedKeyId)) {
      key.fill(0);
      throw new KmsKeyMismatchError(this.options.keyId, reportedKeyId);
    }
    if (key.length !== DATA_KEY_BYTES) {
      key.fill(0);
      throw new AuthenticationFailedError(`the data key is ${key.length} bytes, not ${DATA_KEY_BYTES}`);
    }
    return key;
  }

  async generate(input: { wrapAlg: string; kmsContext: Record<string, string> }): Promise<GeneratedKey> {
    if (!(this.wraps as readonly string[]).includes(input.wrapAlg)) {
      throw new UnsupportedAlgorithmError(`key wrap ${input.wrapAlg} with a KMS keyring`);
    }
    if (!this.options.keyId) throw new Error('KmsKeyring needs a keyId to generate data keys');
    let out;
    try {
      out = await this.kms.send(
        new GenerateDataKeyCommand({ KeyId: this.options.keyId, KeySpec: 'AES_256', EncryptionContext: input.kmsContext }),
      );
    } catch (err) {
      throw mapKmsError(err, this.options.keyId, 'kms:GenerateDataKey');
    }
    if (!out.Plaintext || !out.CiphertextBlob) throw new KmsUnavailableError(this.options.keyId, 'KMS returned no data key');
    return {
      plaintextKey: Buffer.from(out.Plaintext.buffer, out.Plaintext.byteOffset, out.Plaintext.byteLength),
      encryptedKey: Buffer.from(out.CiphertextBlob),
      keyId: out.KeyId,
    };
  }
}

const DISABLED = new Set(['DisabledException', 'KMSInvalidStateException', 'KeyUnavailableException']);
const CONTEXT = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'NotFoundException']);

/** Map a KMS SDK error to one typed envelope error, by the exception names KMS documents. */
export function mapKmsError(err: unknown, keyName: string | undefined, action = 'kms:Decrypt'): EnvelopeError {
  if (err instanceof EnvelopeError) return err;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  const name = e?.name ?? '';
  if (DISABLED.has(name)) return new KmsKeyDisabledError(keyName);
  if (CONTEXT.has(name)) {
    return new ContextMismatchError(
      'KMS refused the encrypted data key with this encryption context (the key or its context was altered, or it was made under another context)',
    );
  }
  if (DENIED.has(name) || e?.$metadata?.httpStatusCode === 403) {
    const denied = new KmsAccessDeniedError(keyName);
    if (action !== 'kms:Decrypt') denied.message = denied.message.replaceAll('kms:Decrypt', action);
    return denied;
  }
  if (name === 'ExpiredTokenException' || name === 'UnrecognizedClientException' || name === 'InvalidSignatureException') {
    return new KmsUnavailableError(keyName, 'the AWS credentials were not accepted; sign in again');
  }
  if (name === 'ThrottlingException' || name === 'LimitExceededException') {
    return new KmsUnavailableError(keyName, 'KMS is throttling requests');
  }
  return new KmsUnavailableError(keyName, name ? `KMS error ${name}` : 'KMS could not be reached');
}
