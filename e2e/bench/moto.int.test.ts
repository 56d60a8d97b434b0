// Proves the bench answers the way the app relies on (see "moto server" in shared/stack.md).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { awsConfig, createFixtures, resetMoto, s3Config } from '../../scripts/bench/seed-aws.mjs';

const moto = inject('moto');
const s3 = new S3Client(s3Config(moto.endpoint));
const kms = new KMSClient(awsConfig(moto.endpoint));

afterAll(() => {
  s3.destroy();
  kms.destroy();
});

describe('moto bench', () => {
  it('listens on loopback only', () => {
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(moto.env.AWS_ENDPOINT_URL_STS).toBe(moto.endpoint);
  });

  it('round-trips an object with user metadata, keys lower-cased', async () => {
    const Key = 'bench/metadata-round-trip';
    await s3.send(
      new PutObjectCommand({
        Bucket: moto.bucket,
        Key,
        Body: Buffer.from('hello'),
        Metadata: { 'X-Amz-Wrap-Alg': 'kms+context', 'Mixed-Case': 'Value Stays' },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: moto.bucket, Key }));
    expect(await got.Body?.transformToString()).toBe('hello');
    expect(got.Metadata).toEqual({ 'x-amz-wrap-alg': 'kms+context', 'mixed-case': 'Value Stays' });
  });

  it('decrypts a data key only under the same encryption context', async () => {
    const context = { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', mailbox: 'inbox' };
    const generated = await kms.send(
      new GenerateDataKeyCommand({ KeyId: moto.keyAlias, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    expect(generated.KeyId).toBe(moto.keyArn);
    expect(generated.Plaintext).toHaveLength(32);

    // No KeyId: the ciphertext names its key, as in the app's Decrypt calls.
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context }));
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(generated.Plaintext!));

    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { ...context, mailbox: 'other' } })),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
  });

  it('gives web-identity credentials that act as the assumed role session', async () => {
    const sts = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/sesame-reader',
        RoleSessionName: 'alice@example.com',
        WebIdentityToken: 'not-a-real-jwt',
      }),
    );
    sts.destroy();
    const credentials = assumed.Credentials!;
    expect(credentials.AccessKeyId).toMatch(/^ASIA/);

    const asUser = new STSClient(
      awsConfig(moto.endpoint, {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken,
      }),
    );
    const identity = await asUser.send(new GetCallerIdentityCommand({}));
    asUser.destroy();
    expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/sesame-reader/alice@example.com');
    expect(identity.Account).toBe('123456789012');
  });

  it('gives the injected fixtures back after a reset', async () => {
    await resetMoto(moto.endpoint);
    const again = await createFixtures(moto.endpoint);
    expect(again).toEqual({ bucket: moto.bucket, keyId: moto.keyId, keyArn: moto.keyArn, keyAlias: moto.keyAlias });
  });
});
