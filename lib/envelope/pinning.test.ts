import { DecryptCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { decrypt } from './decrypt';
import { encrypt } from './encrypt';
import { ContextMismatchError, KmsKeyMismatchError } from './errors';
import { isPinnedKey, parseKeyRef } from './key-id';
import { KmsKeyring } from './kms-keyring';
import { FakeKms } from './testing/fake-kms';

// Finding 12 of issue 10: the key KMS used must be the pinned one, aws:x-amz-cek-alg must tell
// the truth under every wrap, and the test encoder writes kms+context as official clients do.

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`;
const OTHER_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab';
const MESSAGE_ID = 'd6iitobk75ur44p8kdnnp7g2n800';
const ses = { messageId: MESSAGE_ID, ruleName: 'inbound', sourceAccount: '111122223333', kmsKeyId: KEY_ARN };
const mail = Buffer.from('From: a@example.com\r\nSubject: hi\r\n\r\nHello there\r\n');

describe('isPinnedKey', () => {
  it('compares a key id, a key ARN and an alias with the key ARN KMS reports', () => {
    expect(isPinnedKey(KEY_ARN, KEY_ARN)).toBe(true);
    expect(isPinnedKey(KEY_ID, KEY_ARN)).toBe(true);
    expect(isPinnedKey(KEY_ID.toUpperCase(), KEY_ARN)).toBe(true);
    expect(isPinnedKey(KEY_ARN, KEY_ID)).toBe(true);
    expect(isPinnedKey(KEY_ARN, OTHER_ARN)).toBe(false);
    expect(isPinnedKey(KEY_ID, OTHER_ARN)).toBe(false);
    // Same key id, another account or region: another key.
    expect(isPinnedKey(KEY_ARN, KEY_ARN.replace('111122223333', '444455556666'))).toBe(false);
    expect(isPinnedKey(KEY_ARN, KEY_ARN.replace('eu-west-1', 'us-east-1'))).toBe(false);
    // Aliases are enforced by KMS (the alias is the Decrypt KeyId); locally only their ARN parts.
    expect(isPinnedKey('alias/ses-mail', KEY_ARN)).toBe(true);
    expect(isPinnedKey('arn:aws:kms:eu-west-1:111122223333:alias/ses-mail', KEY_ARN)).toBe(true);
    expect(isPinnedKey('arn:aws:kms:eu-west-1:444455556666:alias/ses-mail', KEY_ARN)).toBe(false);
    // Nothing reported, or something that is not a key: refused.
    expect(isPinnedKey(KEY_ARN, undefined)).toBe(false);
    expect(isPinnedKey(KEY_ARN, 'arn:aws:kms:eu-west-1:111122223333:alias/x')).toBe(false);
    expect(isPinnedKey(KEY_ARN, 'garbage')).toBe(false);
  });

  it('parses the four spellings', () => {
    expect(parseKeyRef(KEY_ARN)).toMatchObject({ kind: 'key', name: KEY_ID, region: 'eu-west-1', account: '111122223333' });
    expect(parseKeyRef('mrk-1234abcd12ab34cd56ef1234567890ab')).toMatchObject({ kind: 'key' });
    expect(parseKeyRef('alias/aws/ses')).toEqual({ kind: 'alias', name: 'aws/ses' });
    expect(parseKeyRef('not a key')).toBeNull();
  });
});

describe('the KeyId that KMS Decrypt returns', () => {
  async function sealed(kms: FakeKms) {
    return encrypt({ plaintext: mail, keyring: new KmsKeyring(kms, { keyId: kms.keyId }), ses });
  }

  it('decrypts when KMS names the pinned key (as ARN or key id)', async () => {
    const kms = new FakeKms(KEY_ARN);
    const obj = await sealed(kms);
    for (const pin of [KEY_ARN, KEY_ID, 'alias/ses-mail']) {
      const out = await decrypt({ ...obj, keyring: new KmsKeyring(kms, { keyId: pin }) });
      expect(out.plaintext.equals(mail)).toBe(true);
    }
  });

  it('refuses, with a typed error and the data key zeroed, when KMS used another key', async () => {
    const kms = new FakeKms(OTHER_ARN);
    const obj = await sealed(kms);
    const handed: Uint8Array[] = [];
    const spy = {
      send: async (cmd: unknown) => {
        const out = await kms.send(cmd);
        if (cmd instanceof DecryptCommand) handed.push(out['Plaintext'] as Uint8Array);
        return out;
      },
    };
    const err = await decrypt({ ...obj, keyring: new KmsKeyring(spy, { keyId: KEY_ARN }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsKeyMismatchError);
    expect((err as KmsKeyMismatchError).code).toBe('kms-key-mismatch');
    expect(handed).toHaveLength(1);
    expect(Buffer.from(handed[0]!).every((b) => b === 0)).toBe(true);
  });

  it('refuses when KMS names no key at all but one is pinned', async () => {
    const kms = new FakeKms(KEY_ARN);
    const obj = await sealed(kms);
    const silent = { send: async (cmd: unknown) => ({ ...(await kms.send(cmd)), KeyId: undefined }) };
    await expect(decrypt({ ...obj, keyring: new KmsKeyring(silent, { keyId: KEY_ARN }) })).rejects.toBeInstanceOf(KmsKeyMismatchError);
    // Without a pin there is nothing to compare.
    expect((await decrypt({ ...obj, keyring: new KmsKeyring(silent) })).plaintext.equals(mail)).toBe(true);
  });
});

describe('aws:x-amz-cek-alg under every wrap', () => {
  it('a kms-wrapped object whose context names another content algorithm is refused', async () => {
    const kms = new FakeKms(KEY_ARN);
    // A writer that put a false algorithm name into the context of a `kms` wrap (KMS accepts any context).
    const obj = await encrypt({ plaintext: mail, keyring: new KmsKeyring(kms, { keyId: KEY_ARN }), ses, matdesc: { 'aws:x-amz-cek-alg': 'AES/CBC/PKCS5Padding' } });
    expect(obj.metadata['x-amz-wrap-alg']).toBe('kms');
    await expect(decrypt({ ...obj, keyring: new KmsKeyring(kms) })).rejects.toBeInstanceOf(ContextMismatchError);
    // The truth is accepted.
    const honest = await encrypt({ plaintext: mail, keyring: new KmsKeyring(kms, { keyId: KEY_ARN }), ses, matdesc: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' } });
    expect((await decrypt({ ...honest, keyring: new KmsKeyring(kms) })).plaintext.equals(mail)).toBe(true);
  });

  it('kms+context without aws:x-amz-cek-alg is refused before KMS is called', async () => {
    const kms = new FakeKms(KEY_ARN);
    const obj = await encrypt({ plaintext: mail, keyring: new KmsKeyring(kms, { keyId: KEY_ARN }), ses, form: 'v2-kms+context' });
    const md = JSON.parse(obj.metadata['x-amz-matdesc']!) as Record<string, string>;
    delete md['aws:x-amz-cek-alg'];
    const before = kms.calls;
    await expect(decrypt({ metadata: { ...obj.metadata, 'x-amz-matdesc': JSON.stringify(md) }, body: obj.body, keyring: new KmsKeyring(kms) })).rejects.toBeInstanceOf(ContextMismatchError);
    expect(kms.calls).toBe(before);
  });
});

describe('the test encoder writes kms+context as official clients do', () => {
  for (const form of ['v2-kms+context', 'v3'] as const) {
    it(`${form}: no kms_cmk_id in the encryption context`, async () => {
      const kms = new FakeKms(KEY_ARN);
      const contexts: Record<string, string>[] = [];
      const spy = {
        send: async (cmd: { input?: { EncryptionContext?: Record<string, string> } }) => {
          contexts.push({ ...cmd.input?.EncryptionContext });
          return kms.send(cmd);
        },
      };
      const obj = await encrypt({ plaintext: mail, keyring: new KmsKeyring(spy, { keyId: KEY_ARN }), ses, form });
      const stored = JSON.parse(obj.metadata['x-amz-matdesc'] ?? obj.metadata['x-amz-t']!) as Record<string, string>;
      for (const ctx of [contexts[0]!, stored]) {
        expect(ctx).not.toHaveProperty('kms_cmk_id');
        expect(ctx).toMatchObject({ 'aws:ses:message-id': MESSAGE_ID, 'aws:x-amz-cek-alg': form === 'v3' ? '115' : 'AES/GCM/NoPadding' });
      }
      expect((await decrypt({ ...obj, keyring: new KmsKeyring(kms, { keyId: KEY_ARN }) })).plaintext.equals(mail)).toBe(true);
    });
  }
});
