// The AWS resources every test and the demo start from: one bucket, one symmetric KMS key with
// an alias, in moto's default account (123456789012, us-east-1).
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';

const REGION = 'us-east-1';
// moto draws resource ids (KMS key ids, STS access key ids) from one seeded generator: seeding
// right after a reset makes createFixtures() give the same key id and ARN every time.
export const FIXTURE_SEED = 20_251_129;

/** Client options for any SDK v3 client talking to moto (pass `credentials` to act as someone). */
export function awsConfig(endpoint, credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }) {
  return { endpoint, region: REGION, credentials };
}

/** S3 client options: path-style (moto serves every bucket at one host:port). */
export function s3Config(endpoint, credentials) {
  return {
    ...awsConfig(endpoint, credentials),
    forcePathStyle: true,
    // Checksums on uploads only when the operation requires one: moto is slow with the
    // aws-chunked bodies that streamed uploads otherwise get.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  };
}

async function moto(endpoint, path) {
  const response = await fetch(`${endpoint}${path}`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`POST ${endpoint}${path}: HTTP ${response.status}`);
}

/**
 * Wipes all of moto's state (buckets, objects, keys), then seeds its id generator so that the next
 * createFixtures() returns the same ids as before. `seed: null` leaves the generator alone.
 */
export async function resetMoto(endpoint, { seed = FIXTURE_SEED } = {}) {
  await moto(endpoint, '/moto-api/reset');
  if (seed !== null) await moto(endpoint, `/moto-api/seed?a=${encodeURIComponent(String(seed))}`);
}

async function ensureBucket(s3, bucket) {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error?.name !== 'BucketAlreadyOwnedByYou' && error?.name !== 'BucketAlreadyExists') throw error;
    await s3.send(new HeadBucketCommand({ Bucket: bucket })); // exists, and is ours to use
  }
}

async function ensureKey(kms, keyAlias) {
  try {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyAlias }));
    if (KeyMetadata?.KeyId && KeyMetadata.Arn) return KeyMetadata;
  } catch (error) {
    if (error?.name !== 'NotFoundException') throw error;
  }
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Description: `sesame test key (${keyAlias})`,
    }),
  );
  if (!KeyMetadata?.KeyId || !KeyMetadata.Arn) throw new Error('KMS CreateKey returned no key id');
  await kms.send(new CreateAliasCommand({ AliasName: keyAlias, TargetKeyId: KeyMetadata.KeyId }));
  return KeyMetadata;
}

/**
 * Creates the bucket and the KMS key with its alias; reuses them if they exist already.
 * @returns {Promise<{ bucket: string, keyId: string, keyArn: string, keyAlias: string }>}
 */
export async function createFixtures(endpoint, { bucket = 'sesame-test', keyAlias = 'alias/sesame-test' } = {}) {
  if (!keyAlias.startsWith('alias/')) throw new Error(`a KMS alias starts with "alias/": ${keyAlias}`);
  const s3 = new S3Client(s3Config(endpoint));
  const kms = new KMSClient(awsConfig(endpoint));
  try {
    await ensureBucket(s3, bucket);
    const key = await ensureKey(kms, keyAlias);
    return { bucket, keyId: key.KeyId, keyArn: key.Arn, keyAlias };
  } finally {
    s3.destroy();
    kms.destroy();
  }
}
