import { describe, expect, it } from 'vitest';
import { parseSettings } from '@/lib/config';
import { authSettingsProblems, authSettingsWarnings, claimValues, credentialsMode, roleFor } from './roles';

const ADMIN = 'arn:aws:iam::123456789012:role/SesameAdmin';
const SUPPORT = 'arn:aws:iam::123456789012:role/SesameSupport';
const DEFAULT = 'arn:aws:iam::123456789012:role/SesameReader';

const base = {
  SESAME_MAILBOXES: '[{"id":"support","label":"Support","bucket":"bucket"}]',
  OIDC_ISSUER: 'http://127.0.0.1:9400',
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'x'.repeat(32),
};

describe('roleFor', () => {
  const map = [
    { claim: 'mail-admins', role: ADMIN },
    { claim: 'support', role: SUPPORT },
  ];

  it('takes the first map entry, in the order written, that the person has', () => {
    expect(roleFor(['support', 'mail-admins'], { SESAME_ROLE_MAP: map, SESAME_ROLE_ARN: DEFAULT })).toBe(ADMIN);
    expect(roleFor(['support'], { SESAME_ROLE_MAP: map, SESAME_ROLE_ARN: DEFAULT })).toBe(SUPPORT);
  });

  it('keeps the order written for claims that look like integers (Entra group ids, numbers)', () => {
    const written = parseSettings({ ...base, SESAME_ROLE_MAP: JSON.stringify([{ claim: 'admins', role: ADMIN }, { claim: '123', role: SUPPORT }]) });
    expect(roleFor(['123', 'admins'], written)).toBe(ADMIN);
    const reversed = parseSettings({ ...base, SESAME_ROLE_MAP: JSON.stringify([{ claim: '123', role: SUPPORT }, { claim: 'admins', role: ADMIN }]) });
    expect(roleFor(['123', 'admins'], reversed)).toBe(SUPPORT);
  });

  it('refuses the old object form at start-up, showing the list form', () => {
    // JSON.parse would put "123" first here although "admins" was written first.
    const old = `{"admins":"${ADMIN}","123":"${SUPPORT}"}`;
    expect(Object.keys(JSON.parse(old))).toEqual(['123', 'admins']);
    let message = '';
    try {
      parseSettings({ ...base, SESAME_ROLE_MAP: old });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('SESAME_ROLE_MAP: must be an ordered list');
    expect(message).toContain('[{"claim":"mail-admins","role":"arn:aws:iam::123456789012:role/SesameAdmin"}]');
    expect(message).toContain(`{"claim":"admins","role":"${ADMIN}"}`);
  });

  it('refuses entries that are not {claim, role}', () => {
    expect(() => parseSettings({ ...base, SESAME_ROLE_MAP: '[{"group":"x","role":"y"}]' })).toThrow(/SESAME_ROLE_MAP/);
    expect(() => parseSettings({ ...base, SESAME_ROLE_MAP: '[{"claim":"","role":"y"}]' })).toThrow(/SESAME_ROLE_MAP/);
  });

  it('falls back to SESAME_ROLE_ARN, or to nothing', () => {
    expect(roleFor(['other'], { SESAME_ROLE_MAP: map, SESAME_ROLE_ARN: DEFAULT })).toBe(DEFAULT);
    expect(roleFor(['other'], { SESAME_ROLE_MAP: map, SESAME_ROLE_ARN: undefined })).toBeUndefined();
    expect(roleFor([], { SESAME_ROLE_MAP: undefined, SESAME_ROLE_ARN: DEFAULT })).toBe(DEFAULT);
  });
});

describe('claimValues', () => {
  it('reads list and single claims', () => {
    expect(claimValues(['a', 'b', 3, null])).toEqual(['a', 'b', '3']);
    expect(claimValues('admins')).toEqual(['admins']);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ a: 1 })).toEqual([]);
  });
});

describe('credentialsMode and settings', () => {
  it('is web-identity when a role or a role map is configured, server otherwise', () => {
    expect(credentialsMode(parseSettings(base))).toBe('server');
    expect(credentialsMode(parseSettings({ ...base, SESAME_ROLE_ARN: DEFAULT }))).toBe('web-identity');
    expect(credentialsMode(parseSettings({ ...base, SESAME_ROLE_MAP: JSON.stringify([{ claim: 'support', role: SUPPORT }]) }))).toBe('web-identity');
    expect(credentialsMode(parseSettings({ ...base, SESAME_ROLE_ARN: DEFAULT, SESAME_CREDENTIALS_MODE: 'server' }))).toBe('server');
  });

  it('reports missing sign-in settings and a web-identity mode without a role, one line each', () => {
    expect(authSettingsProblems(parseSettings(base))).toEqual([]);
    const problems = authSettingsProblems(parseSettings({ SESAME_MAILBOXES: base.SESAME_MAILBOXES, SESAME_CREDENTIALS_MODE: 'web-identity', SESAME_ROLE_MAP: '[{"claim":"x","role":"not-an-arn"}]' }));
    expect(problems.map((p) => p.split(':')[0])).toEqual(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'NEXTAUTH_URL', 'NEXTAUTH_SECRET', 'SESAME_ROLE_MAP']);
    expect(authSettingsProblems(parseSettings({ ...base, SESAME_CREDENTIALS_MODE: 'web-identity' }))).toEqual(['SESAME_ROLE_ARN: required in web-identity mode (or SESAME_ROLE_MAP)']);
  });
});

describe('authSettingsWarnings', () => {
  it('warns when unverified addresses may satisfy email and domain rules', () => {
    expect(authSettingsWarnings(parseSettings(base))).toEqual([]);
    expect(authSettingsWarnings(parseSettings({ ...base, SESAME_TRUST_UNVERIFIED_EMAIL: '1' }))[0]).toMatch(/^SESAME_TRUST_UNVERIFIED_EMAIL=1: /);
  });
});
