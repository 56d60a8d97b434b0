import 'server-only';
import { processWide } from '@/lib/process-wide';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { SessionToken } from './token';

// Per-replica memory, keyed by the session's random id. Losing it (restart, another replica)
// costs one STS call: the tokens in the session cookie are enough to derive everything again.

const MAX_ENTRIES = 10_000;
/** Credentials are renewed when they have less than this left. */
export const RENEW_BEFORE_MS = 5 * 60_000;

const credentials = processWide('auth.credentials', () => new Map<string, AwsCredentialIdentity>());
const tokens = processWide('auth.tokens', () => new Map<string, SessionToken>());

function credKey(sid: string, roleArn: string): string {
  return `${sid}\n${roleArn}`;
}

function bound<K, V>(map: Map<K, V>): void {
  // Maps keep insertion order: the oldest entries go first.
  while (map.size > MAX_ENTRIES) {
    const first = map.keys().next();
    if (first.done) break;
    map.delete(first.value);
  }
}

export function cachedCredentials(sid: string, roleArn: string, now = Date.now()): AwsCredentialIdentity | undefined {
  const key = credKey(sid, roleArn);
  const hit = credentials.get(key);
  if (!hit) return undefined;
  if (!hit.expiration || hit.expiration.getTime() - now <= RENEW_BEFORE_MS) {
    credentials.delete(key);
    return undefined;
  }
  return hit;
}

export function storeCredentials(sid: string, roleArn: string, creds: AwsCredentialIdentity): void {
  const key = credKey(sid, roleArn);
  credentials.delete(key);
  credentials.set(key, creds);
  bound(credentials);
}

/** The session as this replica last renewed it (its cookie may not have been rewritable: a page render). */
export function renewedTokens(sid: string): SessionToken | undefined {
  return tokens.get(sid);
}

export function storeRenewedTokens(sid: string, renewed: SessionToken): void {
  tokens.delete(sid);
  tokens.set(sid, renewed);
  bound(tokens);
}

/** Sign-out on this replica: drop its credentials and renewed tokens. */
export function forgetSession(sid: string): void {
  tokens.delete(sid);
  for (const key of credentials.keys()) {
    if (key.startsWith(`${sid}\n`)) credentials.delete(key);
  }
}

export function cacheSizeForTests(): { credentials: number; tokens: number } {
  return { credentials: credentials.size, tokens: tokens.size };
}
