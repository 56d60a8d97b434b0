import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionToken } from './token';

// Finding: list and message caches were keyed by the email. They must follow the rights.

const READER = 'arn:aws:iam::123456789012:role/SesameReader';
const ADMIN = 'arn:aws:iam::123456789012:role/SesameAdmin';
const env = {
  SESAME_MAILBOXES: '[{"id":"support","label":"Support","bucket":"bucket","prefix":"support/"}]',
  OIDC_ISSUER: 'http://idp.test',
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'a-test-secret-of-enough-length',
  SESAME_ROLE_ARN: READER,
  SESAME_ROLE_MAP: JSON.stringify([{ claim: 'mail-admins', role: ADMIN }]),
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
};

async function load() {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return { ...(await import('./reader-source')), ...(await import('./session-secrets')), ...(await import('./credential-cache')) };
}

function token(over: Partial<SessionToken> = {}): SessionToken {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'alice-1', email: 'alice@example.com', name: null, groups: [], roleClaims: [], sid: `sid-${Math.random().toString(16).slice(2)}-0000`, signedInAt: now, idToken: 'h.p.s.x.y', idTokenExp: now + 600, ...over };
}

let expiresAt = Date.now() + 3600_000;
function stubSts() {
  return vi.spyOn(STSClient.prototype, 'send').mockImplementation(async () => ({
    Credentials: { AccessKeyId: 'testing', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(expiresAt) },
  }) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('sourceFor cache scope', () => {
  async function scopeOf(m: Awaited<ReturnType<typeof load>>, t: SessionToken) {
    const ctx = { user: { email: t.email, name: null, groups: t.groups, sessionKey: t.sid }, mailboxes: [{ id: 'support', label: 'Support', bucket: 'bucket', prefix: 'support/' }] };
    m.attachSessionToken(ctx, t);
    return m.sourceFor(ctx, 'support');
  }

  it('is keyed by role and subject, not by email', async () => {
    const m = await load();
    stubSts();
    const alice = await scopeOf(m, token());
    // The same address at the IdP under another account (re-created, or a second IdP user).
    const other = await scopeOf(m, token({ sub: 'alice-2' }));
    const admin = await scopeOf(m, token({ roleClaims: ['mail-admins'] }));
    expect(alice.cacheScope).toContain(READER);
    expect(alice.cacheScope).not.toContain('alice@example.com');
    expect(other.cacheScope).not.toBe(alice.cacheScope);
    expect(admin.cacheScope).not.toBe(alice.cacheScope);
    expect(admin.cacheScope).toContain(ADMIN);
  });

  it('expires with the credentials: renewed credentials give a new scope', async () => {
    const m = await load();
    stubSts();
    const t = token();
    expiresAt = Date.now() + 3600_000;
    const first = await scopeOf(m, t);
    expect(first.cacheExpiresAt).toBe(expiresAt);
    expect((await scopeOf(m, t)).cacheScope).toBe(first.cacheScope);
    // The cached credentials expire (a revoked key policy shows up with the next ones).
    m.forgetSession(t.sid);
    expiresAt = Date.now() + 7200_000;
    const renewed = await scopeOf(m, t);
    expect(renewed.cacheScope).not.toBe(first.cacheScope);
    expect(renewed.cacheExpiresAt).toBe(expiresAt);
  });
});
