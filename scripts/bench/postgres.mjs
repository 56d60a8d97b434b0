// A real PostgreSQL server for tests and benchmarks: Debian's binaries, a throw-away data
// directory, 127.0.0.1 only, never as root.
//
//   node scripts/bench/postgres.mjs install   # apt-get install postgresql when the binaries are missing (as root)
//   node scripts/bench/postgres.mjs start     # start one, print POSTGRES_URL=…, run until SIGINT/SIGTERM
//
// Plain Node ESM with no dependencies (like moto.mjs), so it runs from CI before anything else.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './moto.mjs';
import { isMain } from './is-main.mjs';

const PG_ROOT = '/usr/lib/postgresql';
const START_TIMEOUT_MS = 60_000;

function log(message) {
  process.stderr.write(`[postgres] ${message}\n`);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The newest installed major version's bin folder, or null. */
function findBin() {
  const fromEnv = process.env.SESAME_PG_BIN;
  if (fromEnv) return executable(join(fromEnv, 'initdb')) ? fromEnv : null;
  let versions = [];
  try {
    versions = readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    return null;
  }
  for (const v of versions) {
    const bin = join(PG_ROOT, v, 'bin');
    if (executable(join(bin, 'initdb')) && executable(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (c) => (output = (output + c).slice(-8000)));
    child.stderr.on('data', (c) => (output = (output + c).slice(-8000)));
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${output.trim()}`));
    });
  });
}

/** The bin folder of Debian's PostgreSQL, installing the package first when root may. */
export async function ensurePostgres() {
  const found = findBin();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('PostgreSQL not found: install Debian\'s postgresql package (sudo apt-get install -y postgresql)');
  if (!executable('/usr/bin/apt-get')) throw new Error(`PostgreSQL not found under ${PG_ROOT} and there is no apt-get`);
  log('PostgreSQL not found: installing Debian\'s postgresql package (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { env });
  const bin = findBin();
  if (!bin) throw new Error('apt-get installed postgresql but initdb is still missing');
  return bin;
}

// PostgreSQL refuses to run as root: as root, everything runs as an unprivileged user that owns
// the data directory (the package's `postgres` user, else `nobody`).
function runAs() {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
      return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
    }
  }
  throw new Error('running as root and there is no postgres or nobody user to run PostgreSQL as');
}

function command(user, bin, tool, args) {
  return user ? ['runuser', ['-u', user.name, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
}

const live = new Set();
let hooks = false;
function installExitHooks() {
  if (hooks) return;
  hooks = true;
  // pg_ctl daemonises the server: stop it by its postmaster.pid when this process goes away.
  process.on('exit', () => {
    for (const s of live) s.kill();
  });
}

/**
 * Starts a fresh server on 127.0.0.1 (a free port), user `sesame`, database `sesame`, trust
 * authentication on loopback only. Returns its URL and stop().
 */
export async function startPostgres({ port } = {}) {
  const bin = await ensurePostgres();
  const user = runAs();
  const base = mkdtempSync(join(tmpdir(), 'sesame-pg-'));
  const data = join(base, 'data');
  if (user) chownSync(base, user.uid, user.gid);
  const [initCmd, initArgs] = command(user, bin, 'initdb', ['-D', data, '-U', 'sesame', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  await run(initCmd, initArgs, { cwd: base });
  writeFileSync(join(data, 'postgresql.auto.conf'), [
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${base}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 100',
    "shared_buffers = '64MB'",
    '',
  ].join('\n'));
  if (user) chownSync(join(data, 'postgresql.auto.conf'), user.uid, user.gid);
  const chosen = port ?? (await freePort());
  const [ctlCmd, ctlArgs] = command(user, bin, 'pg_ctl', ['-D', data, '-l', join(base, 'log'), '-o', `-p ${chosen}`, '-w', '-t', String(START_TIMEOUT_MS / 1000), 'start']);
  await run(ctlCmd, ctlArgs, { cwd: base });
  const [dbCmd, dbArgs] = command(user, bin, 'createdb', ['-h', '127.0.0.1', '-p', String(chosen), '-U', 'sesame', 'sesame']);
  await run(dbCmd, dbArgs, { cwd: base });
  const url = `postgres://sesame@127.0.0.1:${chosen}/sesame`;
  let stopped = false;
  const handle = {
    kill() {
      if (stopped) return;
      const [c, a] = command(user, bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      spawnSync(c, a, { stdio: 'ignore', cwd: base });
      rmSync(base, { recursive: true, force: true });
      stopped = true;
    },
  };
  installExitHooks();
  live.add(handle);
  return {
    url,
    port: chosen,
    dataDir: data,
    bin,
    async stop() {
      handle.kill();
      live.delete(handle);
    },
  };
}

/** pg_dump of one database as plain SQL text (for the no-plaintext-at-rest test). */
export async function pgDump(server) {
  const [c, a] = command(runAs(), server.bin, 'pg_dump', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'sesame', '--data-only', '--inserts', 'sesame']);
  return run(c, a, { cwd: tmpdir() });
}

async function main(cmd) {
  if (cmd === 'install') {
    log(`using ${await ensurePostgres()}`);
    return;
  }
  if (cmd === 'start') {
    const server = await startPostgres();
    process.stdout.write(`POSTGRES_URL=${server.url}\n`);
    const keep = setInterval(() => {}, 1 << 30);
    await new Promise((resolve) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, resolve)));
    clearInterval(keep);
    await server.stop();
    return;
  }
  throw new Error('usage: node scripts/bench/postgres.mjs install | start');
}

if (isMain(import.meta.url)) {
  main(process.argv[2]).catch((error) => {
    process.stderr.write(`[postgres] ${error.message}\n`);
    process.exit(1);
  });
}

