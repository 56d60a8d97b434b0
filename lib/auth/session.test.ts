import { describe, expect, it } from 'vitest';
import { requireMailbox, safeReturnTo, signInPath, type UserContext } from './session';

const APP = 'https://mail.example.com';

describe('safeReturnTo', () => {
  it('keeps paths of this app, including a full URL of it', () => {
    expect(safeReturnTo('/support?q=x', APP)).toBe('/support?q=x');
    expect(safeReturnTo('https://mail.example.com/billing/abc?x=1', APP)).toBe('/billing/abc?x=1');
  });

  it('never leads to another origin', () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', '/\t/evil.example', 'https://evil.example/', 'javascript:alert(1)', 'support', '', null, undefined]) {
      expect(safeReturnTo(bad, APP)).toBe('/');
    }
  });

  it('builds the sign-in address with the way back', () => {
    expect(signInPath('/support?q=a b', 'expired')).toBe('/signin?callbackUrl=%2Fsupport%3Fq%3Da%2520b&reason=expired');
  });
});

describe('requireMailbox', () => {
  const ctx: UserContext = {
    user: { email: 'bob@example.com', name: null, groups: [], sessionKey: 'k' },
    mailboxes: [{ id: 'support', label: 'Support', bucket: 'b', prefix: 'support/' }],
  };
  it('returns an allowed mailbox and refuses others and unknown ones alike', () => {
    expect(requireMailbox(ctx, 'support').bucket).toBe('b');
    expect(() => requireMailbox(ctx, 'billing')).toThrow(expect.objectContaining({ name: 'ForbiddenError', status: 403 }));
    expect(() => requireMailbox(ctx, '../support')).toThrow(expect.objectContaining({ name: 'ForbiddenError' }));
  });
});
