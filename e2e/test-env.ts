// The one place the e2e test server's settings come from. Specs import the constants (people,
// mailboxes, who may read what); global-setup.ts builds the app's environment with appEnv().
// TypeScript, not .mjs: Playwright's loader cannot import an .mjs file from a spec.
// To add settings for your feature, add them here (and seeding to e2e/seed.ts, see global-setup.ts).

export const ACCOUNT_ID = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/SesameReader`;
export const ADMIN_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/SesameAdmin`;
export const BUCKET = 'sesame-e2e-mail';

// Known to the tests so that they can open the session cookie and look for its tokens elsewhere.
export const NEXTAUTH_SECRET = 'e2e-only-nextauth-secret-0123456789abcdef';
export const OIDC_CLIENT_ID = 'sesame';
export const OIDC_CLIENT_SECRET = 'e2e-only-client-secret';

export interface Person {
  email: string;
  password: string;
  groups: string[];
}

export const PEOPLE: Record<'alice' | 'bob' | 'carol', Person> = {
  alice: { email: 'alice@example.com', password: 'demo', groups: ['mail-admins'] },
  bob: { email: 'bob@example.com', password: 'demo', groups: ['support'] },
  carol: { email: 'carol@example.org', password: 'demo', groups: [] },
};

export const MAILBOXES = [
  { id: 'support', label: 'Support', bucket: BUCKET, prefix: 'support/' },
  { id: 'billing', label: 'Billing', bucket: BUCKET, prefix: 'billing/' },
  // Hostile mail for the reliability specs (alice only, through her '*' rule).
  { id: 'lab', label: 'XSS lab', bucket: BUCKET, prefix: 'lab/' },
];

// alice: every mailbox; bob: support only; carol (example.org): none.
export const ACCESS_RULES = [
  { mailboxes: ['*'], emails: ['alice@example.com'] },
  { mailboxes: ['support'], groups: ['support'] },
];

/** SESAME_ROLE_MAP: an ordered list, first match wins. */
export const ROLE_MAP: { claim: string; role: string }[] = [{ claim: 'mail-admins', role: ADMIN_ROLE_ARN }];

/** Token lifetimes of the local IdP during the tests (seconds). */
export const IDP_TTL = { idToken: 3600, accessToken: 3600, refreshToken: 24 * 3600 };

export const SESSION_MAX_AGE = 8 * 3600;

export interface Where {
  appUrl: string;
  idpIssuer: string;
  motoEndpoint: string;
  /** AWS_* variables pointing the SDK at moto (scripts/bench/moto.mjs motoEnv()). */
  motoEnv: Record<string, string>;
}

/** The environment of `next start` for the tests. */
// A fresh embedded index per test run (moto's keys are new each run; an old index key would not unwrap).
const INDEX_DIR = `${process.env.TMPDIR ?? '/tmp'}/sesame-e2e-index-${Date.now().toString(36)}`;

export function appEnv({ appUrl, idpIssuer, motoEnv }: Where): Record<string, string> {
  return {
    ...motoEnv,
    SESAME_INDEX_DIR: INDEX_DIR,
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET,
    OIDC_ISSUER: idpIssuer,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_SCOPES: 'openid email profile offline_access',
    SESAME_MAILBOXES: JSON.stringify(MAILBOXES),
    SESAME_ACCESS_RULES: JSON.stringify(ACCESS_RULES),
    SESAME_STORE: 's3',
    SESAME_CREDENTIALS_MODE: 'web-identity',
    SESAME_ROLE_ARN: ROLE_ARN,
    SESAME_ROLE_MAP: JSON.stringify(ROLE_MAP),
    SESAME_ROLE_CLAIM: 'groups',
    SESAME_SESSION_MAX_AGE: String(SESSION_MAX_AGE),
    LOG_LEVEL: 'warn',
  };
}
