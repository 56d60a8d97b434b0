import 'server-only';
import { credentialsMode } from '@/lib/auth/roles';
import { getSettings } from '@/lib/config';
import { isDraining } from '@/lib/lifecycle';
import { mailSource } from '@/lib/mailstore/mail-source';
import { startupProblems } from '@/lib/startup';

// /api/ready: can this replica serve? Settings valid, the IdP's discovery document reachable and,
// in server mode (the replica's own credentials), a one-key listing of each mailbox. In
// web-identity mode there are no credentials to try until someone signs in. No secrets here.

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 3_000;

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

export async function readiness(): Promise<{ ready: boolean; checks: Check[] }> {
  if (isDraining()) return { ready: false, checks: [{ name: 'shutdown', ok: false, detail: 'this replica is shutting down' }] };
  const problems = startupProblems(process.env);
  if (problems.length) return { ready: false, checks: [{ name: 'settings', ok: false, detail: problems.join('; ') }] };
  const settings = getSettings();
  const checks: Check[] = [{ name: 'settings', ok: true, detail: 'valid' }];
  checks.push(await idpCheck(settings.OIDC_ISSUER!));
  if (credentialsMode(settings) === 'server') {
    for (const mailbox of settings.SESAME_MAILBOXES) {
      try {
        const source = await mailSource(mailbox, settings, { scope: 'readiness' });
        const first = source.store.list(source.prefix)[Symbol.asyncIterator]();
        await Promise.race([first.next(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))]);
        await first.return?.();
        checks.push({ name: `mailbox:${mailbox.id}`, ok: true, detail: 'listing works' });
      } catch (err) {
        const detail = err instanceof Error && err.name === 'StoreError' ? err.message : 'listing failed';
        checks.push({ name: `mailbox:${mailbox.id}`, ok: false, detail });
      }
    }
  }
  return { ready: checks.every((c) => c.ok), checks };
}
