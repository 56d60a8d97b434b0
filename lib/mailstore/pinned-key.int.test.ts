import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContextMismatchError, KmsAccessDeniedError, KmsKeyMismatchError } from '@/lib/envelope/errors';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from './aws-clients';
import { s3Source } from './mail-source';
import { readMessage } from './message';
import { deliver } from './ses-simulator';
import { useMoto } from './test-env';

// Finding 12 of issue 10 against moto's real Decrypt answers: a mailbox pinned by key id, key
// ARN or alias reads SES's mail; pinned to another key, the message is refused.

const PREFIX = 'pinned/';
const opts = { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false };
let moto: ReturnType<typeof useMoto>;
let messageId: string;
let otherKeyArn: string;

const source = (kmsKeyId: string) => s3Source({ id: 'pinned', bucket: moto.bucket, prefix: PREFIX, kmsKeyId }, opts, { scope: `pin-${kmsKeyId}` });

beforeAll(async () => {
  moto = useMoto();
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  const writer = source(moto.keyArn);
  messageId = (await deliver({ store: writer.store, prefix: PREFIX, ruleName: 'r', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn }, Buffer.from('Subject: pinned\r\n\r\nhi\r\n'))).messageId;
  otherKeyArn = (await kmsClient({ region: 'us-east-1' }).send(new CreateKeyCommand({ Description: 'another key' }))).KeyMetadata!.Arn!;
});

describe('a pinned KMS key', () => {
  it('reads the message when pinned by key id, key ARN or alias', async () => {
    for (const pin of [moto.keyId, moto.keyArn, moto.keyAlias]) {
      const { raw } = await readMessage(source(pin), messageId);
      expect(raw.toString()).toContain('Subject: pinned');
    }
  });

  it('refuses the message when the mailbox is pinned to another key', async () => {
    const err = await readMessage(source(otherKeyArn), messageId).catch((e: unknown) => e);
    // KMS refuses a KeyId that is not the ciphertext's (real KMS: IncorrectKeyException → context
    // mismatch; moto: AccessDeniedException); where it would not, Sesame's own check does (unit tests).
    expect([KmsKeyMismatchError, ContextMismatchError, KmsAccessDeniedError].some((t) => err instanceof t)).toBe(true);
  });
});
