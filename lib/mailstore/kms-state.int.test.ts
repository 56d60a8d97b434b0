import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyDisabledError } from '@/lib/envelope/errors';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { integrationSet } from '@/scripts/corpus/generate';
import { startAwsProxy } from '@/scripts/faults/aws-proxy.mjs';
import { kmsClient } from './aws-clients';
import { runCli } from './cli-runner';
import { s3Source } from './mail-source';
import { readMessage } from './message';
import { deliver } from './ses-simulator';
import { useMoto } from './test-env';

// moto lets a disabled key still decrypt; real KMS answers DisabledException. The loopback proxy
// in front of moto answers as KMS does, so the key-disabled path runs end to end.

let moto: ReturnType<typeof useMoto>;
let proxy: Awaited<ReturnType<typeof startAwsProxy>>;
let keyId: string;
let messageId: string;

beforeAll(async () => {
  moto = useMoto();
  proxy = await startAwsProxy({ target: moto.endpoint });
  process.env.AWS_ENDPOINT_URL_KMS = proxy.endpoint;
  const admin = new KMSClient({ region: 'us-east-1', endpoint: moto.endpoint });
  keyId = (await admin.send(new CreateKeyCommand({ Description: 'disabled-key test' }))).KeyMetadata!.KeyId!;
  const src = s3Source({ id: 'd', bucket: moto.bucket, prefix: 'disabled/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: 'd' });
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId });
  const rule = { store: src.store, prefix: 'disabled/', ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: keyId };
  ({ messageId } = await deliver(rule, integrationSet({ baseDate: new Date(), includeLarge: false })[0]!.eml));
});

afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_KMS = moto.endpoint;
  await proxy?.stop();
});

describe('a disabled KMS key', () => {
  const source = () => s3Source({ id: 'd', bucket: moto.bucket, prefix: 'disabled/' }, { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false }, { scope: 'd' });

  it('decrypts while the key is enabled, and gives the key-disabled error once it is disabled', async () => {
    await expect(readMessage(source(), messageId)).resolves.toBeDefined();
    const admin = new KMSClient({ region: 'us-east-1', endpoint: moto.endpoint });
    await admin.send(new DisableKeyCommand({ KeyId: keyId }));
    try {
      const err = await readMessage(source(), messageId).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KmsKeyDisabledError);
      expect((err as Error).message).toMatch(/disabled or pending deletion/);
      const cli = await runCli(['cat', `s3://${moto.bucket}/disabled/${messageId}`]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/^sesame: KMS key .* is disabled or pending deletion/);
      expect(proxy.stats.disabled).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.send(new EnableKeyCommand({ KeyId: keyId }));
    }
  });
});
