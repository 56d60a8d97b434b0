import { beforeAll, describe, expect, it } from 'vitest';
import { NotEncryptedError } from '@/lib/envelope/errors';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from './aws-clients';
import { Inbox } from './inbox';
import { s3Source, type MailSource } from './mail-source';
import { readMessage } from './message';
import { deliver, ensureSetupNotification } from './ses-simulator';
import { useMoto } from './test-env';

// Finding 5 of issue 10, against moto: a plain object planted beside SES's encrypted mail (a rule
// without KMS, a mis-scoped role) is a row with a problem and never opens as mail, unless the
// mailbox says requireEncryption: false.

const PREFIX = 'planted/';
const opts = { region: 'us-east-1', forcePathStyle: true, allowLegacyCbc: false };
const eml = (subject: string) => Buffer.from(`From: ceo@example.com\r\nTo: ap@example.com\r\nSubject: ${subject}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nPlease pay.\r\n`);

let moto: ReturnType<typeof useMoto>;
let plainId: string;
let sealedId: string;

function source(mailbox: { kmsKeyId?: string; requireEncryption?: boolean; requireSesContext?: boolean }, sourceAccount?: string, scope = 'plain'): MailSource {
  return s3Source({ id: 'planted', bucket: moto.bucket, prefix: PREFIX, ...mailbox }, { ...opts, sourceAccount }, { scope: `${scope}-${JSON.stringify(mailbox)}-${sourceAccount}` });
}

beforeAll(async () => {
  moto = useMoto();
  const writer = source({});
  const keyring = new KmsKeyring(kmsClient({ region: 'us-east-1' }), { keyId: moto.keyId });
  const ses = { store: writer.store, prefix: PREFIX, ruleName: 'inbound', sourceAccount: '123456789012', keyring, kmsKeyId: moto.keyArn };
  await ensureSetupNotification(ses);
  sealedId = (await deliver(ses, eml('Quarterly report'))).messageId;
  plainId = (await deliver({ ...ses, keyring: null }, eml('Urgent: new bank details'))).messageId;
});

describe('a plain object among encrypted mail', () => {
  it('with a pinned key: the list shows a row with a problem that says why; opening it is refused', async () => {
    const src = source({ kmsKeyId: moto.keyArn });
    const page = await new Inbox({ concurrency: 2, cacheSize: 100 }).page(src, { page: 1, pageSize: 25 });
    expect(page.items).toHaveLength(2);
    const planted = page.items.find((s) => s.id === plainId)!;
    expect(planted.problem?.code).toBe('not-encrypted');
    expect(planted.problem?.message).toMatch(/not encrypted/);
    expect(planted.subject).toBe('');
    expect(planted.from).toBeNull();
    expect(planted.encrypted).toBe(false);
    const sealed = page.items.find((s) => s.id === sealedId)!;
    expect(sealed.problem).toBeUndefined();
    expect(sealed.subject).toBe('Quarterly report');
    await expect(readMessage(src, plainId)).rejects.toBeInstanceOf(NotEncryptedError);
    expect((await readMessage(src, sealedId)).info.encrypted).toBe(true);
  });

  it('with SESAME_SOURCE_ACCOUNT set: refused the same way', async () => {
    const src = source({}, '123456789012');
    await expect(readMessage(src, plainId)).rejects.toBeInstanceOf(NotEncryptedError);
    expect((await readMessage(src, sealedId)).info.encrypted).toBe(true);
  });

  it('with requireSesContext: refused (a plain object has no SES context)', async () => {
    await expect(readMessage(source({ requireSesContext: true }), plainId)).rejects.toBeInstanceOf(NotEncryptedError);
  });

  it('a mailbox that says requireEncryption: false reads it as plain mail, even with a source account', async () => {
    const src = source({ requireEncryption: false }, '123456789012');
    const { info, raw } = await readMessage(src, plainId);
    expect(info.encrypted).toBe(false);
    expect(raw.toString()).toMatch(/new bank details/);
    const page = await new Inbox({ concurrency: 2, cacheSize: 100 }).page(src, { page: 1, pageSize: 25 });
    expect(page.items.find((s) => s.id === plainId)).toMatchObject({ subject: 'Urgent: new bank details', encrypted: false });
  });
});
