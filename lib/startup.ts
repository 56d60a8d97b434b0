import 'server-only';
import { authSettingsProblems, authSettingsWarnings } from '@/lib/auth/roles';
import { getSettings, parseSettings, SettingsError } from '@/lib/config';
import { installShutdown } from '@/lib/lifecycle';
import { log } from '@/lib/log';

/** Every problem with the settings, one line each naming the variable and what it expects. */
export function startupProblems(env: Record<string, string | undefined>): string[] {
  try {
    return authSettingsProblems(parseSettings(env));
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
}

/**
 * At server start: print every problem and stop, so a bad deployment fails fast and plainly;
 * then take over SIGTERM for a graceful shutdown when Next leaves it to us.
 */
export function startServer(): void {
  const problems = startupProblems(process.env);
  if (problems.length > 0) {
    process.stderr.write(`Sesame cannot start, settings are invalid:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  for (const warning of authSettingsWarnings(getSettings())) log().warn({ event: 'settings' }, warning);
  // The embedded index's first start (initdb, in its own thread) takes seconds: begin it now
  // rather than on the first page. Pages read directly until it is open; failures are retried.
  void import('@/lib/index/service').then((m) => m.theIndex()?.database(0)).catch(() => undefined);
  if (process.env.NEXT_MANUAL_SIG_HANDLE) {
    installShutdown({
      graceMs: getSettings().SESAME_SHUTDOWN_GRACE_SECONDS * 1000,
      onDrain: ({ inflight }) => log().info({ event: 'shutdown', inflight }, 'SIGTERM: draining'),
    });
  }
}
