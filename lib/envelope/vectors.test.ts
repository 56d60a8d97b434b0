import { describe, expect, it } from 'vitest';
import vectors from './testdata/s3ec-vectors.json';
import { decrypt } from './decrypt';
import { KeyCommitmentError, UnsupportedAlgorithmError } from './errors';
import { KmsKeyring } from './kms-keyring';
import { vectorKms } from './testing/fake-kms';

// Published decrypt vectors of the official Go client (source named in the JSON's "about"),
// run through the real decrypt path: KMS keyring → (stubbed) KMS Decrypt → content decryption.

interface Vector {
  name: string;
  metadata: Record<string, string>;
  kmsPlaintextKey: string;
  bodyHex: string;
  plaintextHex?: string;
  expectError?: string;
}

function setup(v: Vector) {
  const m = v.metadata;
  const blob = Buffer.from(m['x-amz-key-v2'] ?? m['x-amz-3'] ?? '', 'base64');
  const context = JSON.parse(m['x-amz-t'] ?? m['x-amz-matdesc'] ?? '{}') as Record<string, string>;
  const kms = vectorKms(blob, context, Buffer.from(v.kmsPlaintextKey, 'base64'));
  return { kms, keyring: new KmsKeyring(kms), body: Buffer.from(v.bodyHex, 'hex') };
}

describe('S3 encryption client vectors', () => {
  const all = (vectors as unknown as { vectors: Vector[] }).vectors;

  it('has every kind of vector', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  for (const v of all) {
    it(v.name, async () => {
      const { kms, keyring, body } = setup(v);
      const isCbc = v.metadata['x-amz-cek-alg'] === 'AES/CBC/PKCS5Padding';
      if (v.expectError) {
        await expect(decrypt({ metadata: v.metadata, body, keyring })).rejects.toBeInstanceOf(KeyCommitmentError);
        return;
      }
      if (isCbc) {
        await expect(decrypt({ metadata: v.metadata, body, keyring })).rejects.toBeInstanceOf(UnsupportedAlgorithmError);
        expect(kms.calls).toBe(0);
      }
      const out = await decrypt({ metadata: v.metadata, body, keyring, expect: { allowLegacyCbc: isCbc } });
      expect(out.plaintext.toString('hex')).toBe(v.plaintextHex);
      expect(out.info.encrypted).toBe(true);
      expect(kms.calls).toBe(1);
    });
  }
});
