import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionToken } from './token';

// Finding: groups and roles were frozen at sign-in. They must follow every renewed ID token.

const READER = 'arn:aws:iam::123456789012:role/SesameReader';
const ADMIN = 'arn:aws:iam::123456789012:role/SesameAdmin';

const env = {
  SESAME_MAILBOXES: JSON.stringify([
    { id: 'support', label: 'Support', bucket: 'bucket', prefix: 'support/' },
    { id: 'billing', label: 'Billing', bucket: 'bucket', prefix: 'billing/' },
  ]),
  SESAME_ACCESS_RULES: JSON.stringify([
    { mailboxes: ['*'], groups: ['mail-admins'] },
    { mailboxes: ['support'], groups: ['support'] },
  ]),
  OIDC_ISSUER: 'http://idp.test',
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'a-test-secret-of-enough-length',
  SESAME_ROLE_ARN: READER,
  SESAME_ROLE_MAP: JSON.stringify([{ claim: 'mail-admins', role: ADMIN }]),
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
};

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256' })}.${enc(claims)}.sig`;
}

async function load() {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const config = await import('@/lib/config');
  return { ...(await import('./session')), ...(await import('./credentials')), ...(await import('./session-secrets')), settings: config.getSettings() };
}

function expiredSession(groups: string[]): SessionToken {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'bob',
    email: 'bob@example.com',
    name: null,
    groups,
    roleClaims: groups,
    emailVerified: true,
    sid: `sid-${Math.random().toString(16).slice(2)}-0000`,
    signedInAt: now - 7200,
    idToken: jwt({ sub: 'bob', exp: now - 30 }),
    idTokenExp: now - 30,
    refreshToken: 'rt-1',
  };
}

function idp(answer: (body: string) => Response) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string | URL, init?: RequestInit) => {
    if (String(url).endsWith('/.well-known/openid-configuration')) return Response.json({ issuer: 'http://idp.test', token_endpoint: 'http://idp.test/token' });
    calls.push(String(init?.body));
    return answer(String(init?.body));
  });
  return calls;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('renewal re-derives groups and roles', () => {
  it('a renewed ID token with other groups changes mailboxes and role on the next request', async () => {
    const m = await load();
    const now = Math.floor(Date.now() / 1000);
    const promoted = jwt({ iss: 'http://idp.test', aud: 'sesame', sub: 'bob', exp: now + 600, groups: ['mail-admins'], email_verified: true });
    const calls = idp(() => Response.json({ id_token: promoted, refresh_token: 'rt-2' }));
    const send = vi.spyOn(STSClient.prototype, 'send').mockResolvedValue({
      Credentials: { AccessKeyId: 'testing', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) },
    } as never);

    const token = expiredSession(['support']);
    const before = await m.resolveSession({ ...token, idTokenExp: now + 600 }, m.settings);
    expect(before.state === 'valid' && before.ctx.mailboxes.map((b) => b.id)).toEqual(['support']);

    const after = await m.resolveSession(token, m.settings);
    expect(calls).toHaveLength(1);
    if (after.state !== 'valid') throw new Error(`expected a valid session, got ${after.state}`);
    expect(after.ctx.user.groups).toEqual(['mail-admins']);
    expect(after.ctx.mailboxes.map((b) => b.id)).toEqual(['support', 'billing']);
    expect(m.sessionTokenOf(after.ctx)).toMatchObject({ idToken: promoted, refreshToken: 'rt-2', roleClaims: ['mail-admins'] });

    await m.credentialsFor(after.ctx, after.ctx.mailboxes[0]!);
    expect((send.mock.calls[0]![0] as { input: { RoleArn: string; WebIdentityToken: string } }).input).toMatchObject({ RoleArn: ADMIN, WebIdentityToken: promoted });
  });

  it('a group removed at the IdP is gone after renewal, also when the claim is missing altogether', async () => {
    const m = await load();
    const now = Math.floor(Date.now() / 1000);
    idp(() => Response.json({ id_token: jwt({ iss: 'http://idp.test', aud: 'sesame', sub: 'bob', exp: now + 600 }) }));
    const after = await m.resolveSession(expiredSession(['mail-admins']), m.settings);
    if (after.state !== 'valid') throw new Error('expected a valid session');
    expect(after.ctx.user.groups).toEqual([]);
    expect(after.ctx.mailboxes).toEqual([]);
    expect(m.sessionTokenOf(after.ctx)!.roleClaims).toEqual([]);
  });

  it('a refused renewal ends the session', async () => {
    const m = await load();
    idp(() => Response.json({ error: 'invalid_grant' }, { status: 400 }));
    expect(await m.resolveSession(expiredSession(['support']), m.settings)).toEqual({ state: 'expired' });
  });

  it('a renewal for another subject ends the session too', async () => {
    const m = await load();
    const now = Math.floor(Date.now() / 1000);
    idp(() => Response.json({ id_token: jwt({ iss: 'http://idp.test', aud: 'sesame', sub: 'mallory', exp: now + 600, groups: ['mail-admins'] }) }));
    expect(await m.resolveSession(expiredSession(['support']), m.settings)).toEqual({ state: 'expired' });
  });

  it('a fresh ID token is not renewed', async () => {
    const m = await load();
    const calls = idp(() => Response.json({}, { status: 500 }));
    const token = { ...expiredSession(['support']), idTokenExp: Math.floor(Date.now() / 1000) + 600 };
    expect((await m.resolveSession(token, m.settings)).state).toBe('valid');
    expect(calls).toEqual([]);
  });
});

describe('email_verified in the session', () => {
  async function mailboxesWith(emailVerified: boolean | null | undefined, trust: boolean) {
    vi.resetModules();
    const rules = JSON.stringify([{ mailboxes: ['billing'], emails: ['bob@example.com'] }, { mailboxes: ['support'], domains: ['example.com'] }]);
    for (const [k, v] of Object.entries({ ...env, SESAME_ACCESS_RULES: rules, SESAME_TRUST_UNVERIFIED_EMAIL: trust ? '1' : '0' })) vi.stubEnv(k, v);
    const { resolveSession } = await import('./session');
    const { getSettings } = await import('@/lib/config');
    const token = { ...expiredSession([]), idTokenExp: Math.floor(Date.now() / 1000) + 600, emailVerified };
    const read = await resolveSession(token, getSettings());
    return read.state === 'valid' ? read.ctx.mailboxes.map((b) => b.id) : read.state;
  }

  it('a verified address satisfies email and domain rules', async () => {
    expect(await mailboxesWith(true, false)).toEqual(['support', 'billing']);
  });

  it('a missing claim does not, unless SESAME_TRUST_UNVERIFIED_EMAIL; a false one never does', async () => {
    expect(await mailboxesWith(null, false)).toEqual([]);
    expect(await mailboxesWith(undefined, false)).toEqual([]);
    expect(await mailboxesWith(null, true)).toEqual(['support', 'billing']);
    expect(await mailboxesWith(false, true)).toEqual([]);
  });
});
