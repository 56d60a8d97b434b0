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
