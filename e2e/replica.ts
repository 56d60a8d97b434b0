import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Standalone from '../scripts/deploy/standalone-check.mjs';

// Another replica of the app under test: the image's entrypoint (scripts/deploy/standalone-check.mjs)
// with the e2e server's own settings, plus `extra` (a failing endpoint, a shorter grace period…).

export type Replica = Awaited<ReturnType<typeof Standalone.startStandalone>>;

export async function startReplica(extra: Record<string, string> = {}): Promise<Replica> {
  // .mjs through Node's own loader (Playwright's require hook cannot load it).
  const mod = (await import(pathToFileURL(path.resolve(__dirname, '../scripts/deploy/standalone-check.mjs')).href)) as typeof Standalone;
  const appEnv = JSON.parse(process.env.E2E_APP_ENV ?? '{}') as Record<string, string>;
  return mod.startStandalone({ env: { ...mod.operatorSettings(appEnv), ...extra }, timeoutMs: 60_000 });
}
