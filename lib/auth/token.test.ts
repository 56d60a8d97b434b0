import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '@/lib/config';
import { sessionCookieOptions } from './options';
import { readSessionToken, sessionCookieName, sessionCookieValue, writeSessionToken, type CookieLike, type SessionToken } from './token';

const settings = parseSettings({
  SESAME_MAILBOXES: '[{"id":"support","label":"Support","bucket":"bucket"}]',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'a-test-secret-of-enough-length',
  SESAME_SESSION_MAX_AGE: '3600',
});
const now = Date.now();
const token: SessionToken = {
  sub: 'alice',
  email: 'alice@example.com',
  name: 'Alice',
  groups: ['mail-admins'],
  roleClaims: ['mail-admins'],
  sid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  signedInAt: Math.floor(now / 1000),
  idToken: 'header.payload.signature',
  idTokenExp: Math.floor(now / 1000) + 600,
  refreshToken: 'refresh-me',
};

class Jar {
  cookies = new Map<string, string>();
  getAll(): CookieLike[] {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }
  set(name: string, value: string) {
    this.cookies.set(name, value);
  }
  delete(name: string) {
    this.cookies.delete(name);
  }
}

describe('session token cookie', () => {
  it('uses the __Host- prefix over https only', () => {
    expect(sessionCookieName({ NEXTAUTH_URL: 'http://x' })).toBe('next-auth.session-token');
    expect(sessionCookieName({ NEXTAUTH_URL: 'https://x' })).toBe('__Host-next-auth.session-token');
  });

  it('over https, next-auth and the rewrite both set a __Host- cookie: Secure, Path=/, no Domain', async () => {
    const https = { ...settings, NEXTAUTH_URL: 'https://mail.example.com' };
    expect(sessionCookieOptions(https)).toEqual({
      sessionToken: { name: '__Host-next-auth.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true } },
    });
    const set: { name: string; options: Record<string, unknown> }[] = [];
    const jar = { getAll: () => [], set: (name: string, _v: string, options: Record<string, unknown>) => set.push({ name, options }), delete: () => undefined };
    await writeSessionToken(jar, token, https, now);
    expect(set.map((c) => c.name)).toEqual(['__Host-next-auth.session-token']);
    expect(set[0]!.options).toMatchObject({ secure: true, path: '/', httpOnly: true });
    expect(set[0]!.options).not.toHaveProperty('domain');
    // A cookie without the prefix (which a sibling subdomain could plant) is not a session there.
    const value = await encode({ token, secret: settings.NEXTAUTH_SECRET!, maxAge: 3600 });
    expect((await readSessionToken([{ name: 'next-auth.session-token', value }], https, now)).state).toBe('none');
    expect((await readSessionToken([{ name: '__Secure-next-auth.session-token', value }], https, now)).state).toBe('none');
    expect((await readSessionToken([{ name: '__Host-next-auth.session-token', value }], https, now)).state).toBe('valid');
  });

  it('joins chunks in numeric order', () => {
    const n = 'next-auth.session-token';
    expect(sessionCookieValue([{ name: `${n}.10`, value: 'C' }, { name: `${n}.2`, value: 'B' }, { name: `${n}.0`, value: 'A' }, { name: `${n}.x`, value: '!' }], n)).toBe('ABC');
  });

  it('round-trips through an encrypted cookie, chunked when long, and drops stale chunks', async () => {
    const jar = new Jar();
    jar.set('next-auth.session-token.5', 'stale');
    const long = { ...token, idToken: 'x'.repeat(6000) };
    await writeSessionToken(jar, long, settings, now);
    const names = [...jar.cookies.keys()].sort();
    expect(names).toEqual(['next-auth.session-token.0', 'next-auth.session-token.1', 'next-auth.session-token.2']);
    expect([...jar.cookies.values()].join('')).not.toContain('refresh-me');
    const read = await readSessionToken(jar.getAll(), settings, now);
    expect(read.state).toBe('valid');
    if (read.state === 'valid') expect(read.token.idToken).toBe(long.idToken);
  });

  it('is expired after SESAME_SESSION_MAX_AGE from sign-in, whatever the JWT says', async () => {
    const old = { ...token, signedInAt: Math.floor(now / 1000) - 3601 };
    const value = await encode({ token: old, secret: settings.NEXTAUTH_SECRET!, maxAge: 3600 });
    expect((await readSessionToken([{ name: 'next-auth.session-token', value }], settings, now)).state).toBe('expired');
  });

  it('treats a cookie sealed with another secret, or garbage, as expired; no cookie as none', async () => {
    const value = await encode({ token, secret: 'another-secret-of-enough-length', maxAge: 3600 });
    expect((await readSessionToken([{ name: 'next-auth.session-token', value }], settings, now)).state).toBe('expired');
    expect((await readSessionToken([{ name: 'next-auth.session-token', value: 'garbage' }], settings, now)).state).toBe('expired');
    expect((await readSessionToken([], settings, now)).state).toBe('none');
  });
});
