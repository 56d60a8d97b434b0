// `npm run demo`: Sesame on its embedded demo store at http://localhost:3000, no AWS needed.
// 1. a local AES master key (0600) and ~100 SES-encrypted messages seeded through the SES simulator
//    into .demo/store (first start only; `npm run demo -- --reseed` to start over);
// 2. the local OpenID Connect provider (alice@example.com / bob@example.com, password "demo");
// 3. a production build of the app, started with the demo settings.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientFor, startIdp } from '../e2e/idp/server.mjs';
import { startDemoImages } from './demo/images.mjs';
import { DEMO_DIR, demoEnv } from './demo/settings.mjs';
import { requireNode24 } from './node-version.mjs';
import { root, runTs } from './ts-run.mjs';

const PORT = Number(process.env.PORT ?? 3000);
const IDP_PORT = Number(process.env.DEMO_IDP_PORT ?? 9400);
const IMAGES_PORT = Number(process.env.DEMO_IMAGES_PORT ?? 9401);
const APP_URL = `http://localhost:${PORT}`;
const dir = join(root, DEMO_DIR);
const log = (m) => process.stderr.write(`[demo] ${m}\n`);
requireNode24('demo');

if (process.argv.includes('--reseed')) {
  rmSync(join(dir, 'store'), { recursive: true, force: true });
  rmSync(join(dir, 'index'), { recursive: true, force: true });
}
mkdirSync(dir, { recursive: true, mode: 0o700 });

const secretFile = join(dir, 'nextauth.secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
const nextAuthSecret = readFileSync(secretFile, 'utf8').trim();
const clientSecret = randomBytes(24).toString('base64url');

// The seeded mail names its image origin, so the origin is remembered beside the store.
const imagesFile = join(dir, 'images-origin');
if (!existsSync(join(dir, 'store'))) {
  log('seeding the demo store through the SES simulator…');
  const origin = `http://127.0.0.1:${IMAGES_PORT}`;
  const code = await runTs('scripts/demo/seed.ts', [join(dir, 'store'), join(dir, 'master.key'), '--beacon', origin], { cwd: root }).done;
  if (code !== 0) process.exit(code);
  writeFileSync(imagesFile, origin);
}
const imagesPort = existsSync(imagesFile) ? Number(new URL(readFileSync(imagesFile, 'utf8').trim()).port) : null;
const images = imagesPort ? await startDemoImages(imagesPort).catch((err) => log(`remote demo images not served (${err.code ?? err.message}); "Show" will load nothing`)) : null;
if (images) log(`remote images of the demo mail at ${images.origin}`);
else if (!imagesPort) log('this store was seeded before the demo served remote images: `npm run demo -- --reseed` to see them');

const idp = await startIdp({
  port: IDP_PORT,
  clients: [clientFor([APP_URL, `http://127.0.0.1:${PORT}`], { clientSecret })],
});
log(`local IdP at ${idp.issuer}`);

const env = {
  ...process.env,
  ...demoEnv({ dir, appUrl: APP_URL, idpIssuer: idp.issuer, clientId: 'sesame', clientSecret, nextAuthSecret }),
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
};
const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
if (!process.argv.includes('--no-build')) {
  log('building the app (about a minute on two cores)…');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// next-auth 4's openid-client 5 (the newest of both) calls url.parse(), which Node 24 reports at
// the first sign-in; nothing a user of the demo can act on. The image sets the same flag.
const QUIET_DEPRECATION = '--disable-warning=DEP0169';
// Started as the image starts it (the standalone server.js beside its static files), so the demo
// runs what production runs; `next start` refuses to serve a standalone build quietly.
const standalone = join(root, '.next', 'standalone');
if (!existsSync(join(standalone, 'server.js'))) {
  log('no build found: run `npm run demo` without --no-build once');
  process.exit(1);
}
cpSync(join(root, '.next', 'static'), join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(standalone, 'public'), { recursive: true });
const server = spawn(process.execPath, [join(standalone, 'server.js')], {
  cwd: standalone,
  env: { ...env, PORT: String(PORT), HOSTNAME: 'localhost', NODE_OPTIONS: [process.env.NODE_OPTIONS, QUIET_DEPRECATION].filter(Boolean).join(' ') },
  stdio: 'inherit',
});
log(`Sesame demo: ${APP_URL} — sign in as alice@example.com (every mailbox) or bob@example.com (Support only), password "demo"`);

const stop = async () => {
  server.kill('SIGTERM');
  await idp.close();
  await images?.close();
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop().then(() => process.exit(0)));
server.on('exit', async (code) => {
  await idp.close();
  await images?.close();
  process.exit(code ?? 0);
});
