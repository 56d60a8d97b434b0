import { expect, type BrowserContext, type Page } from '@playwright/test';
import { decode, encode } from 'next-auth/jwt';
import { NEXTAUTH_SECRET } from '../test-env';

// Helpers for specs: sign in through the local IdP, and read or forge the session cookie (the
// tests know NEXTAUTH_SECRET; nobody else does).

export const SESSION_COOKIE = 'next-auth.session-token';

export interface Person {
  email: string;
  password: string;
}

/** Open `path` anonymously, go through the sign-in page and the IdP's form, and land back on `path`. */
export async function signIn(page: Page, person: Person, path = '/account'): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin\?/);
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  await page.locator('input[name=login]').fill(person.email);
  await page.locator('input[name=password]').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
}

export type SessionClaims = Record<string, unknown> & {
  sid: string;
  email: string;
  signedInAt: number;
  idToken: string;
  idTokenExp: number;
  refreshToken?: string;
};

/** The decrypted session token of this browser context. */
export async function readSession(context: BrowserContext): Promise<SessionClaims> {
  const cookies = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE || c.name.startsWith(`${SESSION_COOKIE}.`));
  const value = cookies.length === 1 && cookies[0]!.name === SESSION_COOKIE
    ? cookies[0]!.value
    : cookies.sort((a, b) => Number(a.name.split('.').pop()) - Number(b.name.split('.').pop())).map((c) => c.value).join('');
  const token = await decode({ token: value, secret: NEXTAUTH_SECRET });
  if (!token) throw new Error('no session cookie');
  return token as SessionClaims;
}

/** Replace the session cookie with this token (sealed with the test secret). */
export async function writeSession(context: BrowserContext, baseURL: string, token: Record<string, unknown>): Promise<void> {
  const value = await encode({ token, secret: NEXTAUTH_SECRET, maxAge: 3600 });
  await context.clearCookies({ name: SESSION_COOKIE });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
}
