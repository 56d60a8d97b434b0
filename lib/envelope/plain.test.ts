import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, decryptHead } from './decrypt';
import { encrypt } from './encrypt';
import { NotEncryptedError } from './errors';
import { LocalAesKeyring } from './local-keyring';

// Finding 5 of issue 10: a plain object must not skip the checks an encrypted one gets.

const keyring = new LocalAesKeyring(randomBytes(32));
const mail = Buffer.from('From: boss@example.com\r\nSubject: wire the money\r\n\r\nNow.\r\n');

describe('plain objects', () => {
  it('come back unchanged when the mailbox allows them', async () => {
    const out = await decrypt({ metadata: {}, body: mail, keyring, expect: { requireEncryption: false } });
    expect(out.info.encrypted).toBe(false);
    expect(out.plaintext.equals(mail)).toBe(true);
  });

  for (const expect_ of [{ requireEncryption: true }, { requireSesContext: true }, { requireEncryption: true, sourceAccount: '111122223333' }]) {
    it(`are refused with ${JSON.stringify(expect_)} (whole object and list head)`, async () => {
      await expect(decrypt({ metadata: {}, body: mail, keyring, expect: expect_ })).rejects.toBeInstanceOf(NotEncryptedError);
      await expect(decryptHead({ metadata: {}, head: mail.subarray(0, 10), objectSize: mail.length, keyring, expect: expect_ })).rejects.toBeInstanceOf(NotEncryptedError);
      const err = (await decrypt({ metadata: {}, body: mail, keyring, expect: expect_ }).catch((e: unknown) => e)) as NotEncryptedError;
      expect(err.code).toBe('not-encrypted');
      expect(err.message).not.toMatch(/wire the money/);
    });
  }

  it('an envelope kept in an instruction file still counts as encrypted', async () => {
    const { metadata, body } = await encrypt({ plaintext: mail, keyring, ses: { messageId: 'm1', ruleName: 'r', sourceAccount: '111122223333' } });
    const out = await decrypt({ metadata: {}, body, keyring, expect: { requireEncryption: true }, loadInstructionFile: async () => Buffer.from(JSON.stringify(metadata)) });
    expect(out.plaintext.equals(mail)).toBe(true);
  });
});
