// Local AWS (S3, KMS, STS) for tests and the demo: moto's server in a project-local virtualenv.
//
//   node scripts/bench/moto.mjs install   # create .venv and install moto (idempotent)
//   node scripts/bench/moto.mjs start     # install, start, print MOTO_ENDPOINT=…, run until SIGINT/SIGTERM
//
// Plain Node ESM with no dependencies, so it runs before `npm install` has finished and from CI.
import { spawn } from 'node:child_process';
import { isMain } from './is-main.mjs';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.5';
export const MOTO_REQUIREMENT = `moto[server]==${MOTO_VERSION}`;
export const MOTO_ACCOUNT_ID = '123456789012';
export const MOTO_REGION = 'us-east-1';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VENV = join(REPO_ROOT, '.venv');
const VENV_PYTHON = join(VENV, 'bin', 'python');
const MOTO_SERVER = join(VENV, 'bin', 'moto_server');
// Pins for moto's own dependencies: without them each fresh install resolves anew.
const CONSTRAINTS = fileURLToPath(new URL('./moto-constraints.txt', import.meta.url));
// Written only after pip succeeded (a half-finished install is redone); names the requirement
// and the constraints, so changing either reinstalls.
const MARKER = join(VENV, '.sesame-moto');
const LOCK = join(VENV, '.sesame-install.lock');
const MIN_PYTHON = [3, 10];
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 5;

function log(quiet, message) {
  if (!quiet) process.stderr.write(`[moto] ${message}\n`);
}

function markerText() {
  const digest = createHash('sha256').update(readFileSync(CONSTRAINTS)).digest('hex').slice(0, 16);
  return `${MOTO_REQUIREMENT} constraints:${digest}`;
}

function installed() {
  // existsSync follows symlinks: a venv whose base interpreter has gone (pyenv version removed,
  // tree copied from another machine) counts as not installed.
  if (!existsSync(MOTO_SERVER) || !existsSync(VENV_PYTHON)) return false;
  try {
    return readFileSync(MARKER, 'utf8').trim() === markerText();
  } catch {
    return false;
  }
}

/** Runs a command; resolves with its combined output, rejects with the output's tail. */
function run(command, args, { quiet, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: env ?? process.env,
      // Progress goes to stderr so that stdout stays machine-readable (MOTO_ENDPOINT=…).
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 2, 2],
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trim() ? `\n${output.trim()}` : '';
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${tail}`));
      }
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serialises installs between processes (parallel test runs, CI steps) with an mkdir lock. */
async function withInstallLock(quiet, fn) {
  mkdirSync(VENV, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // The owner is between mkdir and writing its pid; look again shortly.
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`moto install lock ${LOCK} held for 15 min; remove it if no install is running`);
      if (!told) log(quiet, `waiting for another process installing moto (pid ${owner || '?'})`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function checkPython(python, quiet) {
  let version;
  try {
    version = (await run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { quiet: true })).trim();
  } catch (error) {
    throw new Error(`moto needs Python ≥ ${MIN_PYTHON.join('.')}: could not run ${python} (${error.message.split('\n')[0]})`);
  }
  const [major, minor] = version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new Error(`moto needs Python ≥ ${MIN_PYTHON.join('.')}; ${python} is ${version} (set SESAME_PYTHON to another interpreter)`);
  }
  log(quiet, `using ${python} (Python ${version})`);
}

/**
 * Makes sure `<repo>/.venv` has moto's server installed. Fast (a few stat calls) when it has.
 * @param {{ quiet?: boolean }} [options] quiet: no progress lines, pip output only on failure.
 * @returns {Promise<string>} the path of `moto_server`.
 */
export async function ensureMoto({ quiet = false } = {}) {
  if (installed()) return MOTO_SERVER;
  return withInstallLock(quiet, async () => {
    if (installed()) return MOTO_SERVER; // another process finished while we waited
    const started = Date.now();
    if (!existsSync(VENV_PYTHON)) {
      const python = process.env.SESAME_PYTHON || 'python3';
      await checkPython(python, quiet);
      // Leftovers of a broken venv; the directory itself stays because it holds the lock.
      for (const part of ['bin', 'lib', 'lib64', 'include', 'pyvenv.cfg', '.sesame-moto']) {
        rmSync(join(VENV, part), { recursive: true, force: true });
      }
      log(quiet, `creating virtualenv ${VENV}`);
      try {
        await run(python, ['-m', 'venv', VENV], { quiet });
      } catch (error) {
        throw new Error(`${error.message}\n(on Debian/Ubuntu the venv module is in the python3-venv package)`);
      }
    }
    rmSync(MARKER, { force: true });
    log(quiet, `installing ${MOTO_REQUIREMENT} (first run only; under a minute)`);
    // --no-compile: byte-compiling every installed module (sympy, cfn-lint, …) tripled the install
    // time; Python compiles the few that moto's server imports on first use and caches them.
    await run(VENV_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '--no-compile', '-c', CONSTRAINTS, MOTO_REQUIREMENT], {
      quiet,
    });
    if (!existsSync(MOTO_SERVER)) throw new Error(`pip finished but ${MOTO_SERVER} is missing`);
    writeFileSync(MARKER, `${markerText()}\n`);
    log(quiet, `installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return MOTO_SERVER;
  });
}

/** A port that was free on 127.0.0.1 a moment ago (the kernel's pick for port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Every moto we started and have not seen exit: killed when this process goes away.
const live = new Set();
let hooksInstalled = false;

function killAllNow() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  // Without a listener, SIGINT/SIGTERM end Node without running 'exit' listeners. Kill the
  // children, then re-raise the signal only if nobody else handles it, so the parent's own
  // behaviour (vitest's, a CLI's) stays as it was.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, function onSignal() {
      killAllNow();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

// On Linux the child asks the kernel for SIGTERM when its parent dies (even by SIGKILL, where no
// 'exit' listener runs), then execs moto_server, keeping its PID.
const PDEATHSIG_EXEC = [
  'import ctypes, os, signal, sys',
  'ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)',
  'os.getppid() == int(sys.argv[1]) or sys.exit(70)',
  'os.execv(sys.argv[2], sys.argv[2:])',
].join('\n');

function spawnMoto(port) {
  const args = [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)];
  const env = { ...process.env, MOTO_ACCOUNT_ID, PYTHONUNBUFFERED: '1' };
  const options = { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] };
  if (process.platform === 'linux') {
    return spawn(VENV_PYTHON, ['-c', PDEATHSIG_EXEC, String(process.pid), ...args], options);
  }
  return spawn(args[0], args.slice(1), options);
}

async function answers(endpoint) {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

class PortInUseError extends Error {}

async function startOnce(port) {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawnMoto(port);
  live.add(child);
  let output = '';
  let bound = false;
  let exitInfo = null;
  const bindLine = new RegExp(`Running on http://127\\.0\\.0\\.1:${port}(?!\\d)`);
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-16_000);
    // Werkzeug logs this after bind(): before it, an answer on the port could come from
    // someone else who holds it.
    if (!bound && bindLine.test(output)) bound = true;
  };
  // Read to the end even after start-up: a full pipe would block moto's request logging.
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      live.delete(child);
      resolve(exitInfo);
    });
  });
  child.on('error', (error) => {
    output += `\n${error.message}`;
    exitInfo ??= { code: null, signal: null };
    live.delete(child);
  });
  // The child does not keep this process alive; whoever started it decides when to stop it.
  child.unref();
  child.stdout.unref?.();
  child.stderr.unref?.();

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      if (exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const tail = () => output.trim().split('\n').slice(-20).join('\n');

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      const how = exitInfo.signal ?? `exit ${exitInfo.code}`;
      if (/address already in use|is in use by another program/i.test(output)) {
        throw new PortInUseError(`port ${port} is in use`);
      }
      throw new Error(`moto_server died during start-up (${how}):\n${tail()}`);
    }
    if (bound && (await answers(endpoint)) && !exitInfo) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s:\n${tail()}`);
    }
    await sleep(100);
  }
  return { port, endpoint, pid: child.pid, stop, exited, logTail: tail };
}

/**
 * Starts moto's server on 127.0.0.1 (never another interface). Call ensureMoto() first.
 * @param {{ port?: number }} [options] port: a fixed port; by default a free one is picked, and
 *   picked again (up to 5 times) if someone takes it between the pick and moto's bind.
 */
export async function startMoto({ port } = {}) {
  if (!existsSync(MOTO_SERVER)) throw new Error(`${MOTO_SERVER} is missing: run ensureMoto() (node scripts/bench/moto.mjs install) first`);
  installExitHooks();
  for (let attempt = 1; ; attempt++) {
    const candidate = port ?? (await freePort());
    try {
      return await startOnce(candidate);
    } catch (error) {
      if (!(error instanceof PortInUseError) || port !== undefined || attempt >= PORT_ATTEMPTS) {
        throw error instanceof PortInUseError ? new Error(`moto_server: ${error.message}`) : error;
      }
    }
  }
}

/** Environment for the AWS SDK and the sesame CLI to talk to this moto and nothing else. */
export function motoEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    S3_FORCE_PATH_STYLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function main(command) {
  if (command === 'install') {
    await ensureMoto();
    return;
  }
  if (command === 'start') {
    const portArg = process.argv[3];
    const port = portArg === undefined ? undefined : Number(portArg);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new Error(`not a port: ${portArg}`);
    }
    await ensureMoto();
    const started = Date.now();
    const moto = await startMoto({ port });
    process.stderr.write(`[moto] listening on ${moto.endpoint} (pid ${moto.pid}, started in ${Date.now() - started} ms)\n`);
    process.stdout.write(`MOTO_ENDPOINT=${moto.endpoint}\n`);
    const keepAlive = setInterval(() => {}, 1 << 30);
    const outcome = await Promise.race([
      moto.exited.then((info) => ({ died: info })),
      ...['SIGINT', 'SIGTERM'].map((signal) => new Promise((resolve) => process.once(signal, () => resolve({ signal })))),
    ]);
    clearInterval(keepAlive);
    if (outcome.died) {
      throw new Error(`moto_server exited (${outcome.died.signal ?? `exit ${outcome.died.code}`}):\n${moto.logTail()}`);
    }
    await moto.stop();
    return;
  }
  throw new Error('usage: node scripts/bench/moto.mjs install | start [PORT]');
}

if (isMain(import.meta.url)) {
  main(process.argv[2]).catch((error) => {
    process.stderr.write(`[moto] ${error.message}\n`);
    process.exit(1);
  });
}
