// The embedded demo's settings: a local folder as the bucket, a local AES master key, the local
// IdP with alice (every mailbox) and bob (support only). Also used by the demo's tests.
export const DEMO_DIR = '.demo';
export const DEMO_BUCKET = 'demo-mail';
export const DEMO_ACCOUNT = '123456789012';

export const DEMO_MAILBOXES = [
  { id: 'inbox', label: 'Inbox', bucket: DEMO_BUCKET, prefix: 'inbox/' },
  { id: 'support', label: 'Support', bucket: DEMO_BUCKET, prefix: 'support/' },
  { id: 'alerts', label: 'Alerts (no KMS)', bucket: DEMO_BUCKET, prefix: 'alerts/' },
];

export const DEMO_ACCESS_RULES = [
  { mailboxes: ['*'], emails: ['alice@example.com'] },
  { mailboxes: ['support'], emails: ['bob@example.com'] },
];

export function demoEnv({ dir = DEMO_DIR, appUrl, idpIssuer, clientId, clientSecret, nextAuthSecret }) {
  return {
    SESAME_STORE: 'local',
    SESAME_LOCAL_STORE_DIR: `${dir}/store`,
    SESAME_LOCAL_KEY_FILE: `${dir}/master.key`,
    // Beside the master key that wraps its index keys: both go when .demo does.
    SESAME_INDEX_DIR: `${dir}/index`,
    SESAME_MAILBOXES: JSON.stringify(DEMO_MAILBOXES),
    SESAME_ACCESS_RULES: JSON.stringify(DEMO_ACCESS_RULES),
    SESAME_SOURCE_ACCOUNT: DEMO_ACCOUNT,
    SESAME_CREDENTIALS_MODE: 'server',
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: nextAuthSecret,
    OIDC_ISSUER: idpIssuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
  };
}
