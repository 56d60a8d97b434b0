import { describe, expect, it } from 'vitest';
import { expectations } from './mail-source';

const opts = { region: 'us-east-1', forcePathStyle: false, allowLegacyCbc: false };

describe('a mailbox policy (requireEncryption, requireSesContext)', () => {
  it('requires encryption by default when a key is pinned or a source account is set', () => {
    expect(expectations({}, opts).requireEncryption).toBe(false);
    expect(expectations({ kmsKeyId: 'alias/ses-mail' }, opts).requireEncryption).toBe(true);
    expect(expectations({}, { ...opts, sourceAccount: '111122223333' }).requireEncryption).toBe(true);
  });

  it('lets the mailbox decide explicitly, either way', () => {
    expect(expectations({ kmsKeyId: 'alias/x', requireEncryption: false }, { ...opts, sourceAccount: '111122223333' }).requireEncryption).toBe(false);
    expect(expectations({ requireEncryption: true }, opts).requireEncryption).toBe(true);
    expect(expectations({}, opts).requireSesContext).toBe(false);
    expect(expectations({ requireSesContext: true }, opts).requireSesContext).toBe(true);
  });
});

describe('the demo (SESAME_SOURCE_ACCOUNT set, a local store)', () => {
  it('refuses a plain object planted in Inbox, and reads the plain Alerts mailbox, which opts out', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { demoEnv, DEMO_BUCKET } = await import('@/scripts/demo/settings.mjs');
    const { parseSettings, mailboxById } = await import('@/lib/config');
    const { localSource } = await import('./mail-source');
    const { LocalStore } = await import('./local-store');
    const { readMessage } = await import('./message');
    const { NotEncryptedError } = await import('@/lib/envelope/errors');
    const dir = await mkdtemp(path.join(tmpdir(), 'sesame-demo-policy-'));
    try {
      const settings = parseSettings(
        demoEnv({ dir, appUrl: 'http://127.0.0.1:1', idpIssuer: 'http://127.0.0.1:2', clientId: 'c', clientSecret: 's', nextAuthSecret: 'x'.repeat(32) }),
      );
      const store = new LocalStore(path.resolve(dir, 'store', DEMO_BUCKET));
      const eml = Buffer.from('From: a@example.com\r\nSubject: planted\r\n\r\nhi\r\n');
      for (const prefix of ['inbox/', 'alerts/']) await store.put({ key: `${prefix}plainmessage0000000000000000`, body: eml, metadata: {} });
      const inbox = await localSource(mailboxById(settings, 'inbox')!, settings);
      const alerts = await localSource(mailboxById(settings, 'alerts')!, settings);
      await expect(readMessage(inbox, 'plainmessage0000000000000000')).rejects.toBeInstanceOf(NotEncryptedError);
      expect((await readMessage(alerts, 'plainmessage0000000000000000')).info.encrypted).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
