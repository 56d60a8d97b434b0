import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';

// An in-process stand-in for KMS for unit tests: data keys are wrapped with AES-GCM under a
// per-instance master key, with the canonical encryption context as AAD, so a changed context or
// blob fails exactly as KMS does (InvalidCiphertextException).

function kmsError(name: string): Error {
  const err = new Error(`${name} (fake KMS)`);
  err.name = name;
  return err;
}

function canonical(ctx: Record<string, string> | undefined): Buffer {
  const sorted = Object.keys(ctx ?? {})
    .sort()
    .map((k) => [k, ctx![k]]);
  return Buffer.from(JSON.stringify(sorted));
}

export class FakeKms {
  private readonly master = randomBytes(32);
  /** Set to make every call fail with this KMS exception name. */
  failWith: string | undefined;
  calls = 0;

  constructor(readonly keyId = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000001') {}

  async send(command: unknown): Promise<Record<string, unknown>> {
    this.calls++;
    if (this.failWith) throw kmsError(this.failWith);
    if (command instanceof GenerateDataKeyCommand) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', this.master, nonce);
      c.setAAD(canonical(command.input.EncryptionContext));
      const blob = Buffer.concat([nonce, c.update(key), c.final(), c.getAuthTag()]);
      return { Plaintext: new Uint8Array(key), CiphertextBlob: new Uint8Array(blob), KeyId: this.keyId };
    }
    if (command instanceof DecryptCommand) {
      const blob = Buffer.from(command.input.CiphertextBlob ?? new Uint8Array());
      if (blob.length !== 60) throw kmsError('InvalidCiphertextException');
      const d = createDecipheriv('aes-256-gcm', this.master, blob.subarray(0, 12));
      d.setAAD(canonical(command.input.EncryptionContext));
      d.setAuthTag(blob.subarray(44));
      const key = d.update(blob.subarray(12, 44));
      try {
        d.final();
      } catch {
        throw kmsError('InvalidCiphertextException');
      }
      return { Plaintext: new Uint8Array(key), KeyId: this.keyId };
    }
    throw new Error('FakeKms: unsupported command');
  }
}

/** A KMS stub that answers one known blob + context with a fixed data key (for published vectors). */
export function vectorKms(expectedBlob: Buffer, expectedContext: Record<string, string>, dataKey: Buffer) {
  return {
    calls: 0,
    async send(command: unknown): Promise<Record<string, unknown>> {
      this.calls++;
      if (!(command instanceof DecryptCommand)) throw new Error('vectorKms: only Decrypt');
      const blob = Buffer.from(command.input.CiphertextBlob ?? new Uint8Array());
      if (!blob.equals(expectedBlob) || !canonical(command.input.EncryptionContext).equals(canonical(expectedContext))) {
        throw kmsError('InvalidCiphertextException');
      }
      return { Plaintext: new Uint8Array(dataKey) };
    },
  };
}
