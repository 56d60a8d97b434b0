import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Response } from '@playwright/test';
import { readSession, signIn, writeSession } from './idp/sign-in';
import { ACCOUNT_ID, ADMIN_ROLE_ARN, PEOPLE, ROLE_ARN, SESSION_MAX_AGE } from './test-env';

const idp = () => process.env.E2E_IDP_ISSUER!;
const moto = () => process.env.E2E_MOTO_ENDPOINT!;
const roleName = (arn: string) => arn.split('/').pop()!;

async function idpStats(): Promise<{ authorizationCode: number; refreshToken: number; endSession: number }> {
  return (await fetch(`${idp()}/__stats`)).json();
}

/** The URLs of one mailbox that must answer 403 to a person who may not read it. */
function mailboxUrls(mailbox: string): string[] {
  const msg = '0000000000000000000000000000000000000000';
  return [
    `/api/mailboxes/${mailbox}`,
    `/api/mailboxes/${mailbox}/messages`,
    `/api/mailboxes/${mailbox}/messages/${msg}`,
    `/api/mailboxes/${mailbox}/messages/${msg}/raw`,
    `/api/mailboxes/${mailbox}/messages/${msg}/attachments/0`,
    `/api/mailboxes/${mailbox}/messages/${msg}/body`,
  ];
}

/** A route not written yet answers Next's HTML 404; those are noted and skipped, not passed. */
async function notYetWritten(request: APIRequestContext, url: string): Promise<boolean> {
  const res = await request.get(url);
  return res.status() === 404 && (res.headers()['content-type'] ?? '').includes('text/html');
}

test.describe('anonymous', () => {
  test('API routes answer 401 JSON, pages redirect to sign-in and keep the address asked for', async ({ page, request }) => {
    for (const url of ['/api/me', '/api/mailboxes/support', ...mailboxUrls('billing').slice(1)]) {
      const res = await request.get(url);
      if (res.status() === 404 && (await notYetWritten(request, url))) continue;
      expect(res.status(), url).toBe(401);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(typeof (await res.json()).error).toBe('string');
    }
    await page.goto('/account?tab=groups');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount%3Ftab%3Dgroups$/);
    await expect(page.getByRole('button', { name: 'Sign in with SSO' })).toBeVisible();
  });

  test('a forged cookie is no session', async ({ request }) => {
    const res = await request.get('/api/me', { headers: { cookie: 'next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z' } });
    expect(res.status()).toBe(401);
  });

  test('an IdP refusal is shown in plain words on the sign-in page', async ({ page }) => {
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount&error=access_denied$/);
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText('Your identity provider did not let you in');
  });
});

test.describe('signed in', () => {
  test('alice signs in through the IdP and lands in the app shell, on the page she asked for', async ({ page, context, baseURL }) => {
    await page.goto('/account?from=test');
    await expect(page).toHaveURL(/\/signin\?/);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    // At the IdP: a wrong password first.
    await page.waitForURL((url) => url.origin === new URL(idp()).origin);
    await page.locator('input[name=login]').fill(PEOPLE.alice.email);
    await page.locator('input[name=password]').fill('wrong');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Wrong email or password.');
    await page.locator('input[name=password]').fill(PEOPLE.alice.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${baseURL}/account?from=test`);

    const header = page.locator('header');
    await expect(header.getByTestId('signed-in-email')).toHaveText(PEOPLE.alice.email);
    const nav = page.getByRole('navigation', { name: 'Mailboxes' });
    await expect(nav.getByRole('link', { name: 'Support' })).toHaveAttribute('href', '/support');
    await expect(nav.getByRole('link', { name: 'Billing' })).toHaveAttribute('href', '/billing');
    await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // The session cookie: encrypted, HttpOnly, SameSite=Lax; its token has what the server needs.
    const cookie = (await context.cookies()).find((c) => c.name === 'next-auth.session-token')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value.split('.')).toHaveLength(5);
    const session = await readSession(context);
    expect(session.email).toBe(PEOPLE.alice.email);
    expect(session.refreshToken).toBeTruthy();
    expect(session).not.toHaveProperty('accessToken');

    // What the browser may ask next-auth: no token at all.
    const exposed = await (await page.request.get('/api/auth/session')).json();
    expect(exposed).toEqual({ user: { email: PEOPLE.alice.email, name: 'Alice Example' }, expires: expect.any(String) });

    const me = await (await page.request.get('/api/me')).json();
    expect(me).toMatchObject({ email: PEOPLE.alice.email, groups: ['mail-admins'], mailboxes: [{ id: 'support' }, { id: 'billing' }, { id: 'lab' }], credentialsMode: 'web-identity' });

    // The front door leads to her first mailbox, inside the same shell.
    await page.goto('/');
    await expect(page).toHaveURL(`${baseURL}/support`);
    await expect(page.getByTestId('signed-in-email')).toHaveText(PEOPLE.alice.email);
  });

  test('pages carry a nonce CSP, and the other security headers; no CSP violation on the way', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await signIn(page, PEOPLE.bob, '/account');
    const res = (await page.goto('/account'))!;
    const headers = res.headers();
    const csp = headers['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // Over http (the tests) no HSTS; over https proxy.ts adds it.
    expect(headers['strict-transport-security']).toBeUndefined();
    // Every script in the page carries this request's nonce.
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const n of scripts) expect(n).toBe(nonce);
    // A second request gets another nonce.
    const again = (await page.goto('/account'))!.headers()['content-security-policy'];
    expect(again).not.toBe(csp);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(violations).toEqual([]);

    // Paths that only look like the static files the proxy skips are pages, with a CSP.
    for (const path of ['/favicon-ico', '/robots-txt', '/favicon.ico.x']) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }

    const api = await page.request.get('/api/me');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
    expect(api.headers()['referrer-policy']).toBe('no-referrer');
    expect(api.headers()['cache-control']).toContain('no-store');
  });

  test('bob may read support, and gets 403 on every billing URL', async ({ page, request }) => {
    await signIn(page, PEOPLE.bob);
    const api = page.request;
    const own = await api.get('/api/mailboxes/support');
    expect(own.status()).toBe(200);
    expect(await own.json()).toEqual({ id: 'support', label: 'Support' });
    const me = await (await api.get('/api/me')).json();
    expect(me.mailboxes).toEqual([{ id: 'support', label: 'Support' }]);
    // The link may carry the unread badge ("Support 12 unread"): only Support is listed.
    await expect(page.getByRole('navigation', { name: 'Mailboxes' }).getByRole('link')).toHaveText([/^Support(\d+ unread)?$/]);

    const skipped: string[] = [];
    for (const url of [...mailboxUrls('billing'), ...mailboxUrls('no-such-mailbox'), '/api/me?aws=billing']) {
      if (await notYetWritten(request, url)) {
        skipped.push(url);
        continue;
      }
      const res = await api.get(url);
      expect(res.status(), url).toBe(403);
      expect((await res.json()).error, url).toBeTruthy();
    }
    if (skipped.length) test.info().annotations.push({ type: 'not written yet', description: skipped.join(', ') });
  });

  test('carol, who may read no mailbox, is told so plainly', async ({ page }) => {
    await signIn(page, PEOPLE.carol, '/no-mailbox');
    const notice = page.getByTestId('no-mailbox');
    await expect(notice).toContainText('No mailbox for you yet');
    await expect(notice).toContainText(PEOPLE.carol.email);
    await page.goto('/account');
    await expect(page.getByTestId('no-mailbox')).toBeVisible();
    const me = await (await page.request.get('/api/me')).json();
    expect(me.mailboxes).toEqual([]);
    expect((await page.request.get('/api/mailboxes/support')).status()).toBe(403);
  });

  test("a session's AWS calls are made with the STS credentials issued to that person", async ({ browser }) => {
    for (const [person, role] of [
      [PEOPLE.alice, ADMIN_ROLE_ARN], // by the role map: group mail-admins
      [PEOPLE.bob, ROLE_ARN], // the default role
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, person);
      const expected = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName(role)}/${person.email}`;
      await expect(page.getByTestId('aws-identity')).toHaveText(expected);
      const me = await (await page.request.get('/api/me?aws=support')).json();
      expect(me.aws).toEqual({ arn: expected, account: ACCOUNT_ID });
      await context.close();
    }
    // moto saw those sessions being assumed with a web identity.
    const data = await (await fetch(`${moto()}/moto-api/data.json`)).json();
    const names = (data.sts?.AssumedRole ?? []).map((r: { session_name: string }) => r.session_name);
    expect(names).toEqual(expect.arrayContaining([PEOPLE.alice.email, PEOPLE.bob.email]));
  });
});

test.describe('expiry', () => {
  test('an expired session sends pages to sign-in (and back) and APIs to 401', async ({ page, context, baseURL }) => {
    await signIn(page, PEOPLE.bob);
    const session = await readSession(context);
    await writeSession(context, baseURL!, { ...session, signedInAt: Math.floor(Date.now() / 1000) - SESSION_MAX_AGE - 5 });

    const api = await page.request.get('/api/me');
    expect(api.status()).toBe(401);
    expect((await api.json()).error).toMatch(/expired/i);

    await page.goto('/account?again=1');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount%3Fagain%3D1&reason=expired$/);
    await expect(page.getByRole('status')).toHaveText('Your session has expired. Please sign in again.');
    // The IdP still knows bob: sign-in goes straight through and back to the page.
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(`${baseURL}/account?again=1`);
    await expect(page.getByTestId('signed-in-email')).toHaveText(PEOPLE.bob.email);
  });

  test('an expired ID token is renewed with the refresh token on a replica without cached credentials', async ({ page, context, baseURL }) => {
    await signIn(page, PEOPLE.bob);
    // No page polling in the background: its requests would race this one with the same cookie.
    await page.goto('about:blank');
    const session = await readSession(context);
    const before = await idpStats();
    // A new sid: as if another replica, with nothing cached, got this cookie.
    await writeSession(context, baseURL!, { ...session, sid: crypto.randomUUID(), idTokenExp: Math.floor(Date.now() / 1000) - 30 });

    const res = await page.request.get('/api/me?aws=support');
    expect(res.status()).toBe(200);
    expect((await res.json()).aws.arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName(ROLE_ARN)}/${PEOPLE.bob.email}`);
    expect((await idpStats()).refreshToken).toBe(before.refreshToken + 1);
    // The route handler wrote the renewed ID token back into the cookie (the forged one had
    // expired; the token itself can be byte-identical to the first when issued the same second).
    const renewed = await readSession(context);
    expect(renewed.idTokenExp).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(renewed.refreshToken).toBeTruthy();
    expect(renewed.signedInAt).toBe(session.signedInAt);
  });

  test('an expired ID token without a refresh token means signing in again', async ({ page, context, baseURL }) => {
    await signIn(page, PEOPLE.bob);
    const { refreshToken: _dropped, ...session } = await readSession(context);
    await writeSession(context, baseURL!, { ...session, sid: crypto.randomUUID(), idTokenExp: Math.floor(Date.now() / 1000) - 30 });

    const res = await page.request.get('/api/me?aws=support');
    expect(res.status()).toBe(401);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount&reason=expired$/);
  });
});

const NASTY_RETURNS = ['/\\evil.example/', '/\t/evil.example/', '/\\\t/evil.example', '//evil.example/', '/.//evil.example/', '/%5Cevil.example', 'https://evil.example/', 'http:evil.example', ' //evil.example'];

test.describe('return addresses', () => {
  test('the sign-in page never sends a signed-in person to another origin', async ({ page, baseURL }) => {
    await signIn(page, PEOPLE.bob);
    for (const nasty of NASTY_RETURNS) {
      const res = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(nasty)}`, { maxRedirects: 0 });
      expect(res.status(), nasty).toBeGreaterThanOrEqual(300);
      expect(new URL(res.headers().location!, baseURL).origin, nasty).toBe(baseURL);
      // And in the browser itself, which is what resolves `/\` and tabs.
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(nasty)}`);
      expect(new URL(page.url()).origin, nasty).toBe(baseURL);
    }
    await page.goto(`/signin?callbackUrl=${encodeURIComponent('/account?ok=1')}`);
    await expect(page).toHaveURL(`${baseURL}/account?ok=1`);
  });

  test('signing in with a nasty return address lands in the app', async ({ page, baseURL }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent('/\t/evil.example/')}`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.locator('input[name=login]').fill(PEOPLE.bob.email);
    await page.locator('input[name=password]').fill(PEOPLE.bob.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.origin === baseURL && !url.pathname.startsWith('/api/auth'));
    await expect(page.getByTestId('signed-in-email')).toHaveText(PEOPLE.bob.email);
  });
});

async function setIdpGroups(sub: string, groups: string[]): Promise<void> {
  const res = await fetch(`${idp()}/__people/${sub}/groups`, { method: 'PUT', body: JSON.stringify(groups) });
  expect(res.status).toBe(200);
}

test('a group change at the IdP applies at the next renewal; a refused renewal signs out', async ({ page, context, baseURL }) => {
  await signIn(page, PEOPLE.bob);
  expect((await (await page.request.get('/api/me')).json()).mailboxes).toEqual([{ id: 'support', label: 'Support' }]);
  expect((await page.request.get('/api/mailboxes/billing')).status()).toBe(403);

  const before = await idpStats();
  // The ID token is due (and, with a new sid, nothing is cached): the next request renews it.
  const due = async () => {
    const session = await readSession(context);
    await writeSession(context, baseURL!, { ...session, sid: crypto.randomUUID(), idTokenExp: Math.floor(Date.now() / 1000) - 30 });
  };
  try {
    // Promoted: the role map now gives bob the admin role.
    await setIdpGroups('bob', ['support', 'mail-admins']);
    await due();
    const promoted = await (await page.request.get('/api/me?aws=support')).json();
    expect((await idpStats()).refreshToken).toBe(before.refreshToken + 1);
    expect(promoted.groups).toEqual(['support', 'mail-admins']);
    expect(promoted.aws.arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName(ADMIN_ROLE_ARN)}/${PEOPLE.bob.email}`);
    expect((await readSession(context)).groups).toEqual(['support', 'mail-admins']);

    // Removed from every group: the group rule no longer gives him support, the role is the default again.
    await setIdpGroups('bob', []);
    await due();
    const removed = await (await page.request.get('/api/me')).json();
    expect(removed.groups).toEqual([]);
    expect(removed.mailboxes).toEqual([]);
    expect((await page.request.get('/api/mailboxes/support')).status()).toBe(403);
  } finally {
    await setIdpGroups('bob', PEOPLE.bob.groups);
  }

  // The IdP refuses the next renewal (revoked refresh token): signed out, on every kind of request.
  const session = await readSession(context);
  await writeSession(context, baseURL!, { ...session, sid: crypto.randomUUID(), idTokenExp: Math.floor(Date.now() / 1000) - 30, refreshToken: 'revoked-refresh-token' });
  const api = await page.request.get('/api/me');
  expect(api.status()).toBe(401);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount&reason=expired$/);
});

test('sign-out ends the session here and at the IdP', async ({ page, context, baseURL }) => {
  await signIn(page, PEOPLE.alice);
  const before = await idpStats();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${baseURL}/signed-out`);
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  expect((await idpStats()).endSession).toBe(before.endSession + 1);
  expect((await context.cookies()).filter((c) => c.name.startsWith('next-auth.session-token'))).toEqual([]);
  expect((await page.request.get('/api/me')).status()).toBe(401);
  // The IdP forgot alice too: signing in asks for the password again.
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  await expect(page.locator('input[name=password]')).toBeVisible();
});

test('sign-out cannot be triggered from another site', async ({ page, context }) => {
  await signIn(page, PEOPLE.bob);
  const res = await page.request.post('/api/auth/logout', { headers: { origin: 'https://evil.example' }, maxRedirects: 0 });
  expect(res.status()).toBe(403);
  expect((await context.cookies()).some((c) => c.name === 'next-auth.session-token')).toBe(true);
});

test('no AWS key, secret, session token, ID token or refresh token in any response of a whole session', async ({ page, context, baseURL }) => {
  const seen: { url: string; status: number; headers: Record<string, string>; body: string }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res: Response) => {
    pending.push(
      (async () => {
        let body = '';
        try {
          body = (await res.body()).toString('latin1');
        } catch {
          // redirects and aborted requests have no body
        }
        seen.push({ url: res.url(), status: res.status(), headers: await res.allHeaders(), body });
      })(),
    );
  });

  await signIn(page, PEOPLE.alice, '/account');
  await expect(page.getByTestId('aws-identity')).toContainText('assumed-role');
  for (const path of ['/support', '/billing', '/api/me?aws=support', '/api/me?aws=billing', '/api/mailboxes/support', '/api/mailboxes/support/messages', '/api/auth/session', '/api/auth/csrf', '/no-mailbox', '/account']) {
    await page.goto(path);
  }
  // Everything the page fetched itself, JS chunks included, plus the API calls above.
  const session = await readSession(context);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${baseURL}/signed-out`);
  await Promise.all(pending);

  const data = await (await fetch(`${moto()}/moto-api/data.json`)).json();
  const assumed = (data.sts?.AssumedRole ?? []) as { access_key_id: string; secret_access_key: string; session_token: string; session_name: string }[];
  expect(assumed.some((r) => r.session_name === PEOPLE.alice.email)).toBe(true);
  const secrets: [string, string][] = [
    ['ID token', session.idToken],
    ['ID token signature', session.idToken.split('.')[2]!],
    ['refresh token', session.refreshToken!],
    ...assumed.flatMap((r): [string, string][] => [
      ['access key id', r.access_key_id],
      ['secret access key', r.secret_access_key],
      ['session token', r.session_token],
      ['session token head', r.session_token.slice(0, 40)],
    ]),
  ];
  expect(seen.length).toBeGreaterThan(10);
  expect(seen.some((r) => r.url.includes('/_next/static/') && r.url.endsWith('.js'))).toBe(true);

  // Sign-out leads to the IdP without any token: client_id and the way back only.
  const logout = seen.find((r) => r.url === `${baseURL}/api/auth/logout`);
  expect(logout?.status).toBe(303);
  const end = new URL(logout!.headers.location!);
  expect(`${end.origin}${end.pathname}`).toBe(`${idp()}/session/end`);
  expect(Object.fromEntries(end.searchParams)).toEqual({ client_id: 'sesame', post_logout_redirect_uri: `${baseURL}/signed-out` });
  expect(seen.some((r) => r.url.startsWith(`${idp()}/session/end`))).toBe(true);

  for (const r of seen) {
    // Every byte the browser got: the URL it asked for, every header (a redirect's Location too), the body.
    const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    const text = `${r.url}\n${headers}\n${r.body}`;
    for (const [what, value] of secrets) {
      expect(text.includes(value), `${what} in ${r.url}`).toBe(false);
    }
    expect(text, `AWS key id pattern in ${r.url}`).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
    expect(`${r.url}\n${headers}`, `a token parameter in ${r.url}`).not.toMatch(/id_token_hint|[?&#](?:id_token|access_token|refresh_token)=/);
  }

  // Nor in the server's log.
  const log = readFileSync(process.env.E2E_SERVER_LOG!, 'utf8');
  for (const [what, value] of secrets) expect(log.includes(value), `${what} in the server log`).toBe(false);
  expect(log).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
});
