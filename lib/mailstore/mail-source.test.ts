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
