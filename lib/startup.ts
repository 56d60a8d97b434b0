import 'server-only';
import { authSettingsProblems } from '@/lib/auth/roles';
import { parseSettings, SettingsError } from '@/lib/config';

/** Every problem with the settings, one line each naming the variable and what it expects. */
export function startupProblems(env: Record<string, string | undefined>): string[] {
  try {
    return authSettingsProblems(parseSettings(env));
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
}

/** At server start: print every problem and stop, so a bad deployment fails fast and plainly. */
export function exitOnInvalidSettings(): void {
  const problems = startupProblems(process.env);
  if (problems.length > 0) {
    process.stderr.write(`Sesame cannot start, settings are invalid:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
}
