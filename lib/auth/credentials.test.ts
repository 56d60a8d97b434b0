import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionToken } from './token';

const ROLE = 'arn:aws:iam::123456789012:role/SesameReader';
const ADMIN = 'arn:aws:iam::123456789012:role/SesameAdmin';

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256' })}.${enc(claims)}.sig`;
}

async function load(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const credentials = await import('./credentials');
  const secrets = await import('./session-secrets');
  const cache = await import('./credential-cache');
  return { ...credentials, ...secrets, ...cache };
}

const env = {
  SESAME_MAILBOXES: '[{"id":"support","label":"Support","bucket":"bucket"}]',
  OIDC_ISSUER: 'http://idp.test',
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'a-test-secret-of-enough-length',
  SESAME_ROLE_ARN: ROLE,
  SESAME_ROLE_MAP: JSON.stringify([{ claim: 'mail-admins', role: ADMIN }]),
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
};

const mailbox = { id: 'support', label: 'Support', bucket: 'bucket', prefix: '' };

function session(over: Partial<SessionToken> = {}): SessionToken {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'alice',
    email: 'alice@example.com',
    name: null,
    groups: [],
    roleClaims: [],
    sid: `sid-${Math.random().toString(16).slice(2)}-0000`,
    signedInAt: now,
    idToken: jwt({ sub: 'alice', exp: now + 600 }),
    idTokenExp: now + 600,
    refreshToken: 'rt-1',
    ...over,
  };
}

function stsAnswer(expiresInMs: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${Math.random().toString(36).slice(2, 18).toUpperCase()}`,
      SecretAccessKey: 'secret',
      SessionToken: 'session',
      Expiration: new Date(Date.now() + expiresInMs),
    },
  };
}

let send: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  send = vi.spyOn(STSClient.prototype, 'send');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('credentialsFor', () => {
  it('returns undefined in server mode', async () => {
    const m = await load({ ...env, SESAME_CREDENTIALS_MODE: 'server' });
    const ctx = { user: { email: 'a@b.c', name: null, groups: [], sessionKey: 'k' }, mailboxes: [mailbox] };
    expect(await m.credentialsFor(ctx, mailbox)).toBeUndefined();
  });

  it('assumes the role with the ID token and an email-derived session name, then serves from cache', async () => {
    const m = await load(env);
    const token = session();
    const ctx = { user: { email: token.email, name: null, groups: [], sessionKey: token.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx, token);
    send.mockResolvedValue(stsAnswer(3600_000) as never);
    const [a, b] = await Promise.all([m.credentialsFor(ctx, mailbox), m.credentialsFor(ctx, mailbox)]);
    const again = await m.credentialsFor(ctx, mailbox);
    expect(send).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(again).toBe(a);
    const input = (send.mock.calls[0]![0] as { input: Record<string, unknown> }).input;
    expect(input).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'alice@example.com', WebIdentityToken: token.idToken, DurationSeconds: 3600 });
  });

  it('picks the role from the role map and renews credentials that expire within 5 minutes', async () => {
    const m = await load(env);
    const token = session({ roleClaims: ['mail-admins'] });
    const ctx = { user: { email: token.email, name: null, groups: [], sessionKey: token.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx, token);
    send.mockResolvedValueOnce(stsAnswer(4 * 60_000) as never).mockResolvedValueOnce(stsAnswer(3600_000) as never);
    const first = await m.credentialsFor(ctx, mailbox);
    const second = await m.credentialsFor(ctx, mailbox);
    expect(send).toHaveBeenCalledTimes(2);
    expect(second).not.toBe(first);
    expect((send.mock.calls[0]![0] as { input: { RoleArn: string } }).input.RoleArn).toBe(ADMIN);
  });

  it('renews an expired ID token with the refresh token first', async () => {
    const m = await load(env);
    const now = Math.floor(Date.now() / 1000);
    const token = session({ idTokenExp: now - 10, idToken: jwt({ sub: 'alice', exp: now - 10 }) });
    const ctx = { user: { email: token.email, name: null, groups: [], sessionKey: token.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx, token);
    const fresh = jwt({ iss: 'http://idp.test', aud: 'sesame', sub: 'alice', exp: now + 600 });
    const fetchMock = vi.fn(async (url: string | URL, init?: RequestInit) => {
      if (String(url).endsWith('/.well-known/openid-configuration')) return Response.json({ issuer: 'http://idp.test', token_endpoint: 'http://idp.test/token' });
      expect(String(init?.body)).toContain('grant_type=refresh_token');
      expect(new Headers(init?.headers).get('authorization')).toBe(`Basic ${Buffer.from('sesame:secret').toString('base64')}`);
      return Response.json({ id_token: fresh, refresh_token: 'rt-2' });
    });
    vi.stubGlobal('fetch', fetchMock);
    send.mockResolvedValue(stsAnswer(3600_000) as never);
    await m.credentialsFor(ctx, mailbox);
    expect((send.mock.calls[0]![0] as { input: { WebIdentityToken: string } }).input.WebIdentityToken).toBe(fresh);
    expect(m.renewedTokens(token.sid)).toMatchObject({ idToken: fresh, refreshToken: 'rt-2' });
  });

  it('asks for a new sign-in when the ID token expired and there is no refresh token, or the IdP refuses it', async () => {
    const m = await load(env);
    const now = Math.floor(Date.now() / 1000);
    const noRefresh = session({ idTokenExp: now - 10, refreshToken: undefined });
    const ctx1 = { user: { email: 'alice@example.com', name: null, groups: [], sessionKey: noRefresh.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx1, noRefresh);
    await expect(m.credentialsFor(ctx1, mailbox)).rejects.toMatchObject({ name: 'UnauthorizedError' });

    const refused = session({ idTokenExp: now - 10 });
    const ctx2 = { user: { email: 'alice@example.com', name: null, groups: [], sessionKey: refused.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx2, refused);
    vi.stubGlobal('fetch', async (url: string | URL) =>
      String(url).includes('well-known')
        ? Response.json({ issuer: 'http://idp.test', token_endpoint: 'http://idp.test/token' })
        : Response.json({ error: 'invalid_grant' }, { status: 400 }),
    );
    await expect(m.credentialsFor(ctx2, mailbox)).rejects.toMatchObject({ name: 'UnauthorizedError' });
    expect(send).not.toHaveBeenCalled();
  });

  it('turns an STS refusal into ForbiddenError and a context without a session into UnauthorizedError', async () => {
    const m = await load(env);
    const token = session();
    const ctx = { user: { email: token.email, name: null, groups: [], sessionKey: token.sid }, mailboxes: [mailbox] };
    m.attachSessionToken(ctx, token);
    send.mockRejectedValue(Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' }) as never);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(m.credentialsFor(ctx, mailbox)).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(m.credentialsFor({ user: ctx.user, mailboxes: ctx.mailboxes }, mailbox)).rejects.toMatchObject({ name: 'UnauthorizedError' });
  });
});
