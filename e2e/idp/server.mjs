// A real OpenID Connect provider (oidc-provider) on loopback, for the demo and the tests.
// Same code path as production: discovery, JWKS, RS256 ID tokens, PKCE, refresh tokens,
// RP-initiated logout. Only the people and the login form are toys.
//
// CLI:  node e2e/idp/server.mjs [--port 9400] [--app http://127.0.0.1:3000 ...]
//       env IDP_PORT, IDP_APP_ORIGINS (comma separated), IDP_CLIENT_ID, IDP_CLIENT_SECRET,
//       IDP_ID_TOKEN_TTL, IDP_ACCESS_TOKEN_TTL, IDP_REFRESH_TOKEN_TTL (seconds)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

export const PEOPLE = [
  { sub: 'alice', email: 'alice@example.com', name: 'Alice Example', groups: ['mail-admins'], password: 'demo' },
  { sub: 'bob', email: 'bob@example.com', name: 'Bob Example', groups: ['support'], password: 'demo' },
  // A person the demo/test access rules give no mailbox.
  { sub: 'carol', email: 'carol@example.org', name: 'Carol Example', groups: [], password: 'demo' },
];

export const DEFAULT_CLIENT_ID = 'sesame';
export const DEFAULT_CLIENT_SECRET = 'sesame-local-idp-secret';

/** The client registration for one or several app origins (replicas behind one name, or several ports). */
export function clientFor(origins, { clientId = DEFAULT_CLIENT_ID, clientSecret = DEFAULT_CLIENT_SECRET, providerId = 'sso' } = {}) {
  const list = Array.isArray(origins) ? origins : [origins];
  return {
    client_id: clientId,
    client_secret: clientSecret,
    client_name: 'Sesame',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: list.map((o) => `${trimSlash(o)}/api/auth/callback/${providerId}`),
    post_logout_redirect_uris: list.map((o) => `${trimSlash(o)}/signed-out`),
  };
}

function trimSlash(s) {
  return String(s).replace(/\/+$/, '');
}

function escapeHtml(v) {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem;color:#18181b}
label{display:block;margin-top:.75rem;font-size:.9rem}input{width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.err{color:#b91c1c}.hint{color:#52525b;font-size:.85rem}</style></head>
<body><h1>Local identity provider</h1>${body}</body></html>`;
}

function loginForm(uid, { login = '', error = '' } = {}) {
  const id = encodeURIComponent(uid);
  return page(
    'Sign in',
    `<p class="hint">Demo people: alice@example.com, bob@example.com (password <code>demo</code>).</p>
${error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${id}/login" autocomplete="off">
<label>Email <input name="login" type="email" value="${escapeHtml(login)}" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${id}/abort"><button type="submit">Cancel</button></form>`,
  );
}

function errorPage(message) {
  return page('Error', `<p class="err" role="alert">${escapeHtml(message)}</p>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Start the IdP on loopback.
 * @param {{ port?: number, host?: string, clients?: object[], appOrigins?: string[], people?: typeof PEOPLE,
 *           ttl?: { idToken?: number, accessToken?: number, refreshToken?: number }, quiet?: boolean }} options
 */
// The provider's own default store is the same kind of thing but announces itself with a warning
// at every start; an explicit adapter keeps the demo's and the tests' output quiet. Memory only:
// this IdP is for loopback tests and the demo, its sessions end with the process.
function memoryAdapter() {
  const items = new Map();
  const grants = new Map();
  const live = (key) => {
    const item = items.get(key);
    if (item && item.expiresAt && item.expiresAt < Date.now()) {
      items.delete(key);
      return undefined;
    }
    return item;
  };
  return class MemoryAdapter {
    constructor(name) {
      this.name = name;
    }
    key(id) {
      return `${this.name}:${id}`;
    }
    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      items.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
      if (payload.grantId) {
        const keys = grants.get(payload.grantId) ?? new Set();
        keys.add(key);
        grants.set(payload.grantId, keys);
      }
    }
    async find(id) {
      return live(this.key(id))?.payload;
    }
    async findByUid(uid) {
      for (const [key, item] of items) if (key.startsWith(`${this.name}:`) && item.payload.uid === uid) return live(key)?.payload;
      return undefined;
    }
    async findByUserCode(userCode) {
      for (const [key, item] of items) if (key.startsWith(`${this.name}:`) && item.payload.userCode === userCode) return live(key)?.payload;
      return undefined;
    }
    async consume(id) {
      const item = live(this.key(id));
      if (item) item.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      items.delete(this.key(id));
    }
    async revokeByGrantId(grantId) {
      for (const key of grants.get(grantId) ?? []) items.delete(key);
      grants.delete(grantId);
    }
  };
}

export async function startIdp(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error('the local IdP listens on loopback only');
  const people = options.people ?? PEOPLE;
  const given = Object.fromEntries(Object.entries(options.ttl ?? {}).filter(([, v]) => Number.isFinite(v) && v > 0));
  const ttl = { idToken: 3600, accessToken: 3600, refreshToken: 14 * 24 * 3600, ...given };

  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  const issuer = `http://${host === '::1' ? '[::1]' : host}:${port}`;

  const clients = options.clients ?? [clientFor(options.appOrigins ?? ['http://127.0.0.1:3000'])];
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  const byId = new Map(people.map((p) => [p.sub, p]));
  const stats = { authorizationCode: 0, refreshToken: 0, endSession: 0 };

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // Real IdPs ask; this one signs out at once so tests and the demo flow through.
        async logoutSource(ctx, form) {
          ctx.body = page(
            'Signing out',
            `${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<p>Signing you out…</p><noscript><button form="op.logoutForm" type="submit">Continue</button></noscript>
<script>document.getElementById('op.logoutForm').submit()</script>`,
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<p>You are signed out of the local identity provider.</p>');
        },
      },
    },
    async findAccount(_ctx, id) {
      const person = byId.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: person.email, email_verified: true, name: person.name, groups: person.groups };
        },
      };
    },
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    async loadExistingGrant(ctx) {
      // Consent is implied: this IdP stands in for a company IdP where the app is pre-approved.
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      const claims = [...ctx.oidc.requestParamClaims];
      if (claims.length) grant.addOIDCClaims(claims);
      await grant.save();
      return grant;
    },
    ttl: {
      IdToken: () => ttl.idToken,
      AccessToken: () => ttl.accessToken,
      RefreshToken: () => ttl.refreshToken,
      AuthorizationCode: () => 60,
      Interaction: () => 3600,
      Session: () => 24 * 3600,
      Grant: () => 14 * 24 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`);
    },
  });
  provider.on('grant.success', (ctx) => {
    const grantType = ctx.oidc.params?.grant_type;
    if (grantType === 'authorization_code') stats.authorizationCode += 1;
    if (grantType === 'refresh_token') stats.refreshToken += 1;
  });
  provider.on('end_session.success', () => {
    stats.endSession += 1;
  });
  if (options.quiet !== false) {
    // oidc-provider prints "attention" lines for settings a real deployment must change; expected here.
    provider.on('server_error', (_ctx, err) => console.error('[idp] server_error', err.message));
  }

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname === '/__stats' && req.method === 'GET') {
        send(res, 200, JSON.stringify(stats), 'application/json');
        return;
      }
      // Tests: change a person's groups, as an administrator would at a real IdP; the next ID
      // token (sign-in or refresh) carries them. Loopback only, like the whole IdP.
      const groupsOf = /^\/__people\/([\w-]+)\/groups$/.exec(url.pathname);
      if (groupsOf && req.method === 'PUT') {
        const person = byId.get(groupsOf[1]);
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const groups = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        if (!person || !Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
          send(res, 400, '{"error":"unknown person or not a list of group names"}', 'application/json');
          return;
        }
        person.groups = groups;
        send(res, 200, JSON.stringify({ sub: person.sub, groups }), 'application/json');
        return;
      }
      const m = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(url.pathname);
      if (!m) {
        callback(req, res);
        return;
      }
      const [, uid, action] = m;
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) {
        send(res, 400, errorPage('This sign-in attempt is not valid any more.'));
        return;
      }
      if (!action && req.method === 'GET') {
        if (details.prompt.name === 'login') {
          send(res, 200, loginForm(uid, { login: details.params.login_hint ?? '' }));
          return;
        }
        // Any other prompt (consent): grant what was asked, as loadExistingGrant does.
        const grant = new provider.Grant({ clientId: details.params.client_id, accountId: details.session?.accountId });
        grant.addOIDCScope(String(details.params.scope ?? 'openid'));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      if (action === 'abort' && req.method === 'POST') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      if (action === 'login' && req.method === 'POST') {
        const form = await readForm(req);
        const login = String(form.get('login') ?? '').trim().toLowerCase();
        const person = people.find((p) => p.email === login);
        if (!person || form.get('password') !== person.password) {
          send(res, 200, loginForm(uid, { login, error: 'Wrong email or password.' }));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      send(res, 405, 'method not allowed', 'text/plain');
    } catch (err) {
      if (!res.headersSent) send(res, 400, errorPage(err?.message ?? 'error'));
    }
  });

  return {
    issuer,
    port,
    provider,
    stats,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function argValues(argv, name) {
  const out = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === name && argv[i + 1]) out.push(argv[(i += 1)]);
    else if (argv[i].startsWith(`${name}=`)) out.push(argv[i].slice(name.length + 1));
  }
  return out;
}

// No top-level await: Playwright's global setup require()s this module.
async function main() {
  const argv = process.argv.slice(2);
  const port = Number(argValues(argv, '--port')[0] ?? process.env.IDP_PORT ?? 9400);
  const apps = [...argValues(argv, '--app'), ...(process.env.IDP_APP_ORIGINS ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  const num = (v) => (v ? Number(v) : undefined);
  const idp = await startIdp({
    port,
    clients: [
      clientFor(apps.length ? apps : ['http://127.0.0.1:3000', 'http://localhost:3000'], {
        clientId: process.env.IDP_CLIENT_ID ?? DEFAULT_CLIENT_ID,
        clientSecret: process.env.IDP_CLIENT_SECRET ?? DEFAULT_CLIENT_SECRET,
      }),
    ],
    ttl: {
      idToken: num(process.env.IDP_ID_TOKEN_TTL),
      accessToken: num(process.env.IDP_ACCESS_TOKEN_TTL),
      refreshToken: num(process.env.IDP_REFRESH_TOKEN_TTL),
    },
  });
  console.log(`local IdP ready: issuer ${idp.issuer} (people: ${PEOPLE.map((p) => p.email).join(', ')}; password "demo")`);
  const stop = async () => {
    await idp.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
