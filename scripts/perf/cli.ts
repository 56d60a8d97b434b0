// `sesame cat` against moto, per message, against the bare SDK (GetObject + KMS Decrypt + AES-GCM)
// for the same objects in the same run.
import { spawnSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import path from 'node:path';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cat } from '@/bin/cli/commands';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { cliSource } from '@/bin/cli/context';
import { deliver } from '@/lib/mailstore/ses-simulator';
import { generateCorpus } from '../corpus/generate';
import { median, fmt, table } from './report';

const sink = { write: () => true };

async function bareRead(s3: S3Client, kms: KMSClient, bucket: string, key: string): Promise<Buffer> {
  const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await obj.Body!.transformToByteArray());
  const md = obj.Metadata!;
  const out = await kms.send(
    new DecryptCommand({ CiphertextBlob: Buffer.from(md['x-amz-key-v2']!, 'base64'), EncryptionContext: JSON.parse(md['x-amz-matdesc']!) }),
  );
  const d = createDecipheriv('aes-256-gcm', out.Plaintext!, Buffer.from(md['x-amz-iv']!, 'base64'));
  d.setAuthTag(body.subarray(body.length - 16));
  const pt = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
  return pt;
}

export async function cliVsSdk(moto: { bucket: string; keyId: string }): Promise<void> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const source = cliSource(moto.bucket, 'bench-cat/');
  const keyring = new KmsKeyring(kmsClient({ region }), { keyId: moto.keyId });
  const rule = { store: source.store, prefix: 'bench-cat/', ruleName: 'bench', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyId };
  const corpus = generateCorpus({ baseDate: new Date('2026-11-02T10:00:00Z'), includeLarge: false }).slice(0, 30);
  const keys: string[] = [];
  for (const m of corpus) keys.push((await deliver(rule, m.eml)).key);

  const s3 = new S3Client({ region, forcePathStyle: true });
  const kms = new KMSClient({ region });
  const ours: number[] = [];
  const bare: number[] = [];
  // Warm both paths (connections, SDK middleware), then alternate per message.
  for (const key of keys.slice(0, 3)) {
    await cat({ url: `s3://${moto.bucket}/${key}`, headers: false }, sink);
    await bareRead(s3, kms, moto.bucket, key);
  }
  for (let round = 0; round < 3; round++) {
    for (const key of keys) {
      let t = process.hrtime.bigint();
      await cat({ url: `s3://${moto.bucket}/${key}`, headers: false }, sink);
      ours.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      await bareRead(s3, kms, moto.bucket, key);
      bare.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  // For reference: the whole command as a person runs it (a new Node process per message).
  const proc: number[] = [];
  for (const key of keys.slice(0, 5)) {
    const t = Date.now();
    spawnSync(process.execPath, [path.resolve('bin/sesame.mjs'), 'cat', `s3://${moto.bucket}/${key}`], { stdio: 'ignore' });
    proc.push(Date.now() - t);
  }
  table(`sesame cat vs bare SDK against moto (${keys.length} messages x 3, medians, warm process)`, ['sesame cat', 'bare SDK', 'ratio (aim <= 1.2)', 'cold CLI process'], [
    [`${fmt(median(ours), 2)} ms`, `${fmt(median(bare), 2)} ms`, fmt(median(ours) / median(bare), 2), `${fmt(median(proc), 0)} ms`],
  ]);
}
