import 'server-only';
import { credentialsMode } from '@/lib/auth/roles';
import { getSettings } from '@/lib/config';
import { isDraining } from '@/lib/lifecycle';
import { log } from '@/lib/log';
import { mailSource } from '@/lib/mailstore/mail-source';
import { StoreError } from '@/lib/mailstore/store-errors';
import { processWide } from '@/lib/process-wide';
import { startupProblems } from '@/lib/startup';

// /api/ready: can this replica serve? Settings valid, the IdP's discovery document reachable and,
// in server mode (the replica's own credentials), a one-key listing of each mailbox. In
// web-identity mode there are no credentials to try until someone signs in.
//
// The endpoint is public (load balancers call it without a session), so it answers only ready or
// not ready; which check failed, with mailbox ids, buckets and the IdP's URL, goes to the log. One
// probe serves every hit for a few seconds, so hammering the endpoint cannot turn into S3 listings.

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Probe {
  ready: boolean;
  checks: Check[];
}

const TIMEOUT_MS = 3_000;
export const PROBE_CACHE_MS = 5_000;

async function idpCheck(issuer: string): Promise<Check> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' });
    const body = (await res.json().catch(() => null)) as { issuer?: string } | null;
    if (!res.ok || !body?.issuer) return { name: 'idp', ok: false, detail: `discovery at ${url} answered ${res.status}` };
    return { name: 'idp', ok: true, detail: 'discovery reachable' };
  } catch {
    return { name: 'idp', ok: false, detail: `discovery at ${url} is not reachable` };
  }
}

async function mailboxCheck(mailbox: Parameters<typeof mailSource>[0], settings: ReturnType<typeof getSettings>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const source = await mailSource(mailbox, settings, { scope: 'readiness' });
    const first = source.store.list(source.prefix, { limit: 1 })[Symbol.asyncIterator]();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
    });
    await Promise.race([first.next(), timeout]);
    await first.return?.();
    return { name: `mailbox:${mailbox.id}`, ok: true, detail: 'listing works' };
  } catch (err) {
    const detail = err instanceof StoreError ? err.detail : 'listing failed';
    return { name: `mailbox:${mailbox.id}`, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}

/** Every check, with details for operators (never sent to the browser). */
export async function probeReadiness(): Promise<Probe> {
  const problems = startupProblems(process.env);
  if (problems.length) return { ready: false, checks: [{ name: 'settings', ok: false, detail: problems.join('; ') }] };
  const settings = getSettings();
  const checks: Check[] = [{ name: 'settings', ok: true, detail: 'valid' }];
  checks.push(await idpCheck(settings.OIDC_ISSUER!));
  if (credentialsMode(settings) === 'server') {
    checks.push(...(await Promise.all(settings.SESAME_MAILBOXES.map((m) => mailboxCheck(m, settings)))));
  }
  return { ready: checks.every((c) => c.ok), checks };
}

const cache = processWide('readiness', () => ({ at: 0, pending: null as Promise<Probe> | null, last: null as Probe | null, wasReady: null as boolean | null }));

function report(probe: Probe): void {
  if (!probe.ready) {
    log().warn({ event: 'readiness', ready: false, failed: probe.checks.filter((c) => !c.ok) }, 'not ready');
  } else if (cache.wasReady !== true) {
    log().info({ event: 'readiness', ready: true }, 'ready');
  }
  cache.wasReady = probe.ready;
}

/** Ready or not, from a probe at most PROBE_CACHE_MS old (one probe in flight at a time). */
export async function readiness(now = Date.now()): Promise<{ ready: boolean }> {
  // Draining is known at once and must fail at once: load balancers are waiting to see it.
  if (isDraining()) return { ready: false };
  if (cache.last && now - cache.at < PROBE_CACHE_MS) return { ready: cache.last.ready };
  cache.pending ??= probeReadiness()
    .then((probe) => {
      cache.last = probe;
      cache.at = Date.now();
      report(probe);
      return probe;
    })
    .finally(() => {
      cache.pending = null;
    });
  return { ready: (await cache.pending).ready };
}

/** Tests only: forget the cached probe. */
export function resetReadinessCache(): void {
  cache.at = 0;
  cache.last = null;
  cache.pending = null;
  cache.wasReady = null;
}
