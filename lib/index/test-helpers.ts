// Beside the index tests: a local mailbox (folder store + local AES master key, as in the demo)
// with a keyring that counts its unwraps, so a test can assert "no key call for indexed rows".
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Keyring, UnwrapInput } from '@/lib/envelope/keyring';
import { LocalAesKeyring } from '@/lib/envelope/local-keyring';
import { LocalStore } from '@/lib/mailstore/local-store';
import type { MailSource } from '@/lib/mailstore/mail-source';
import { deliver } from '@/lib/mailstore/ses-simulator';

export class CountingKeyring implements Keyring {
  readonly kind: 'kms' | 'local';
  readonly wraps: readonly string[];
  unwraps = 0;
  generates = 0;
  constructor(private readonly inner: Keyring) {
    this.kind = inner.kind;
    this.wraps = inner.wraps;
  }
  unwrap(input: UnwrapInput): Promise<Buffer> {
    this.unwraps++;
    return this.inner.unwrap(input);
  }
  generate(input: Parameters<Keyring['generate']>[0]) {
    this.generates++;
    return this.inner.generate(input);
  }
}

export interface LocalMailbox {
  dir: string;
  store: LocalStore;
  masterKey: Buffer;
  source: (opts?: { masterKey?: Buffer; person?: string; cacheScope?: string }) => MailSource & { keyring: CountingKeyring };
  deliver: (eml: Buffer | string, receivedAt?: Date) => Promise<string>;
  cleanup: () => Promise<void>;
}

export async function localMailbox(prefix = 'inbox/'): Promise<LocalMailbox> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sesame-index-'));
  const store = new LocalStore(path.join(dir, 'bucket'));
  const masterKey = randomBytes(32);
  const writer = new LocalAesKeyring(masterKey);
  return {
    dir,
    store,
    masterKey,
    source: (opts = {}) => ({
      mailboxId: 'inbox',
      store,
      keyring: new CountingKeyring(new LocalAesKeyring(opts.masterKey ?? masterKey)),
      prefix,
      expect: { requireSesContext: false, allowLegacyCbc: false },
      cacheScope: opts.cacheScope ?? `local|test|${opts.masterKey ? 'other' : 'own'}`,
      bucket: 'bucket',
      person: opts.person,
    }),
    deliver: async (eml, receivedAt) =>
      (await deliver({ store, prefix, ruleName: 'inbound', sourceAccount: '123456789012', keyring: writer }, Buffer.from(eml), { receivedAt })).messageId,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export function eml(opts: { from?: string; to?: string; subject: string; body: string; messageId?: string; inReplyTo?: string; date?: string }): string {
  return [
    `From: ${opts.from ?? 'Alice Example <alice@example.com>'}`,
    `To: ${opts.to ?? 'Support <support@example.com>'}`,
    `Subject: ${opts.subject}`,
    `Date: ${opts.date ?? 'Tue, 01 Dec 2026 10:00:00 +0000'}`,
    `Message-ID: <${opts.messageId ?? `${randomBytes(6).toString('hex')}@example.com`}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`, `References: <${opts.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body,
    '',
  ].join('\r\n');
}
