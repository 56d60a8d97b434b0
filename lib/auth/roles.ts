import 'server-only';
import type { Settings } from '@/lib/config';

export type CredentialsMode = 'web-identity' | 'server';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** Explicit setting, else web-identity as soon as a role (or a role map) is configured. */
export function credentialsMode(settings: Pick<Settings, 'SESAME_CREDENTIALS_MODE' | 'SESAME_ROLE_ARN' | 'SESAME_ROLE_MAP'>): CredentialsMode {
  if (settings.SESAME_CREDENTIALS_MODE) return settings.SESAME_CREDENTIALS_MODE;
  return settings.SESAME_ROLE_ARN || settings.SESAME_ROLE_MAP?.length ? 'web-identity' : 'server';
}

/** A claim's values as strings: a list claim as is, a single value as a one-item list. */
export function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return [];
}

/**
 * The IAM role for a person: the first SESAME_ROLE_MAP entry (an ordered list) whose claim is
 * one of the person's values of SESAME_ROLE_CLAIM, else SESAME_ROLE_ARN, else none.
 */
export function roleFor(values: readonly string[], settings: Pick<Settings, 'SESAME_ROLE_ARN' | 'SESAME_ROLE_MAP'>): string | undefined {
  for (const { claim, role } of settings.SESAME_ROLE_MAP ?? []) {
    if (values.includes(claim)) return role;
  }
  return settings.SESAME_ROLE_ARN;
}

/** Settings that work but weaken a check: printed once at start-up. */
export function authSettingsWarnings(settings: Pick<Settings, 'SESAME_TRUST_UNVERIFIED_EMAIL'>): string[] {
  return settings.SESAME_TRUST_UNVERIFIED_EMAIL
    ? ['SESAME_TRUST_UNVERIFIED_EMAIL=1: email and domain access rules also match people whose identity provider does not say their address is verified. Use it only with an IdP that never sends email_verified and verifies addresses itself.']
    : [];
}

/** Problems with the sign-in and role settings, one line each (empty when fine). */
export function authSettingsProblems(settings: Settings): string[] {
  const problems: string[] = [];
  if (!settings.OIDC_ISSUER) problems.push('OIDC_ISSUER: required (the identity provider’s issuer URL)');
  if (!settings.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required');
  if (!settings.OIDC_CLIENT_SECRET) problems.push('OIDC_CLIENT_SECRET: required');
  if (!settings.NEXTAUTH_URL) problems.push('NEXTAUTH_URL: required (the public URL of this app, e.g. https://mail.example.com)');
  if (!settings.NEXTAUTH_SECRET) problems.push('NEXTAUTH_SECRET: required (at least 16 characters of random text; the same on every replica)');
  if (!settings.OIDC_SCOPES.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES: must include openid');
  (settings.SESAME_ROLE_MAP ?? []).forEach(({ claim, role }, i) => {
    if (!ROLE_ARN.test(role)) problems.push(`SESAME_ROLE_MAP: not an IAM role ARN (at ${i}, claim ${JSON.stringify(claim)})`);
  });
  if (credentialsMode(settings) === 'web-identity' && !settings.SESAME_ROLE_ARN && !settings.SESAME_ROLE_MAP?.length) {
    problems.push('SESAME_ROLE_ARN: required in web-identity mode (or SESAME_ROLE_MAP)');
  }
  return problems;
}
