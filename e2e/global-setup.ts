import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Idp from './idp/server.mjs';
import seed from './seed';
import { appEnv, IDP_TTL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from './test-env';

// One stack for every spec: moto (S3, KMS, STS), the local IdP, and a production build of the
// app started with the settings of e2e/test-env.ts. Specs find it through:
//   E2E_BASE_URL (also Playwright's baseURL), E2E_IDP_ISSUER, E2E_MOTO_ENDPOINT, E2E_SERVER_LOG.
// Test data: e2e/seed.ts's default export runs after moto is up and before the app starts; the
// variables it returns are added to the app's environment (e.g. a KMS key id).
// Knobs: E2E_SKIP_BUILD=1 reuses the existing .next build; E2E_MOTO_ENDPOINT reuses a running moto.

const root = path.resolve(__dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

interface MotoModule {
  ensureMoto(o?: { quiet?: boolean }): Promise<string>;
  startMoto(o?: { port?: number }): Promise<{ endpoint: string; stop(): Promise<void> }>;
  motoEnv(endpoint: string): Record<string, string>;
}

function importPath<T>(file: string): Promise<T> {
  return import(pathToFileURL(path.join(root, file)).href) as Promise<T>;
}

async function waitFor(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`the app server exited during start-up; see ${process.env.E2E_SERVER_LOG}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer on ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const appUrl = process.env.E2E_BASE_URL!;
  const appPort = process.env.E2E_APP_PORT!;
  const stops: (() => Promise<void>)[] = [];

  const moto = await importPath<MotoModule>('scripts/bench/moto.mjs');
  let motoEndpoint = process.env.E2E_MOTO_ENDPOINT;
  if (!motoEndpoint) {
    await moto.ensureMoto({ quiet: true });
    const running = await moto.startMoto();
    motoEndpoint = running.endpoint;
    stops.push(() => running.stop());
  }
  const motoEnv = moto.motoEnv(motoEndpoint);

  // .mjs modules through Node's own loader (Playwright's require hook cannot load them).
  const { clientFor, startIdp } = await importPath<typeof Idp>('e2e/idp/server.mjs');
  const idp = await startIdp({
    port: Number(process.env.E2E_IDP_PORT),
    clients: [clientFor([appUrl], { clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET })],
    ttl: IDP_TTL,
  });
  stops.push(() => idp.close());

  const seeded = await seed({ motoEndpoint, motoEnv });

  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const logFile = path.join(root, 'test-results', 'e2e-server.log');
  process.env.E2E_SERVER_LOG = logFile;
  const log = createWriteStream(logFile);
  // A clean environment: nothing of the developer's own AWS profile reaches the app under test.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
    ...appEnv({ appUrl, idpIssuer: idp.issuer, motoEndpoint, motoEnv }),
    ...seeded,
  };
  const server = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', appPort], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  let exited = false;
  const gone = new Promise<void>((resolve) => server.on('exit', () => ((exited = true), resolve())));
  stops.unshift(async () => {
    if (exited || !server.pid) return;
    // Its own process group: whatever next start spawned goes with it.
    process.kill(-server.pid, 'SIGTERM');
    const timer = setTimeout(() => !exited && server.pid && process.kill(-server.pid, 'SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  });

  try {
    await waitFor(`${appUrl}/signin`, 60_000, () => !exited);
  } catch (err) {
    for (const stop of stops) await stop().catch(() => {});
    throw err;
  }

  process.env.E2E_IDP_ISSUER = idp.issuer;
  process.env.E2E_MOTO_ENDPOINT = motoEndpoint;
  // The app's own settings, for specs that start another replica with exactly the same ones.
  process.env.E2E_APP_ENV = JSON.stringify(env);
  // The app server's process group, for specs that measure its memory.
  process.env.E2E_SERVER_PID = String(server.pid);

  return async () => {
    for (const stop of stops) await stop().catch(() => {});
    log.end();
  };
}
