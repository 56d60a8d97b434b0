// The floor the inbox and index benchmarks compare with: one message read and decrypted with the
// bare SDK (S3 GET, KMS Decrypt, AES-GCM), none of Sesame's code.
import { createDecipheriv } from 'node:crypto';
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export async function bareGetDecrypt(s3: S3Client, kms: KMSClient, bucket: string, key: string): Promise<number> {
  const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await obj.Body!.transformToByteArray());
  const md = obj.Metadata!;
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(md['x-amz-key-v2']!, 'base64'), EncryptionContext: JSON.parse(md['x-amz-matdesc']!) }));
  const d = createDecipheriv('aes-256-gcm', out.Plaintext!, Buffer.from(md['x-amz-iv']!, 'base64'));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).length;
}
