// Runs the production server the way the container image does, without Docker (there is no
// Docker engine on the development machines or in CI):
//
//   npx next build && node scripts/deploy/standalone-check.mjs [--port 3000]
//
// It reads the Dockerfile's last stage and repeats it on the host: every COPY from the build
// stage (paths in the build stage's WORKDIR map to the repository, the runtime WORKDIR maps to a
// fresh temporary folder), every `RUN ln -s`, then the image's ENV, WORKDIR and CMD/ENTRYPOINT.
// The environment is the image's, not the caller's: PATH, the Dockerfile's ENV, then what the
// caller passes (the settings an operator would pass with `docker run -e`). HOSTNAME is set to
// 127.0.0.1 so the server listens on loopback only. Run as root, the server runs as the
// Dockerfile's numeric USER, so it can write only where that user can (/tmp), as in the image.
// Other RUN lines of the runtime stage are not repeated: they may only set up the system (users).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 200;

/**
 * The instructions of a Dockerfile, by stage. Line continuations are joined, comments and parser
 * directives dropped; instruction names are upper-cased, arguments kept as written.
 */
export function parseDockerfile(text) {
  const stages = [];
  const logical = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (pending && trimmed.startsWith('#')) continue; // comment lines inside a continuation
    if (/(^|[^\\])\\$/.test(trimmed) || trimmed === '\\') {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(`${pending}${trimmed}`.trim());
    pending = '';
  }
  if (pending.trim()) logical.push(pending.trim());

  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const instruction = match[1].toUpperCase();
    const args = match[2];
    if (instruction === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile: cannot read "FROM ${args}"`);
      stages.push({ image: from[1], name: from[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (instruction === 'ARG') continue; // ARG before the first FROM
      throw new Error(`Dockerfile: ${instruction} before the first FROM`);
    }
    stage.instructions.push({ instruction, args });
  }
  return { stages };
}

/** Whitespace-separated words, with "double" / 'single' quotes and backslash escapes. */
function words(text) {
  const out = [];
  let current = '';
  let quote = '';
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      any = true;
    } else if (/\s/.test(c)) {
      if (any) out.push(current);
      current = '';
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (quote) throw new Error(`Dockerfile: unterminated quote in "${text}"`);
  if (any) out.push(current);
  return out;
}

/** `ENV A=1 B="two words"` or the legacy `ENV A value with spaces`. */
function parseEnv(args) {
  const parts = words(args);
  if (parts.length && !parts[0].includes('=')) {
    const rest = args.trim().slice(args.trim().indexOf(parts[0]) + parts[0].length).trim();
    return { [parts[0]]: words(rest).join(' ') };
  }
  const env = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`Dockerfile: cannot read ENV "${args}"`);
    env[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return env;
}

/** Exec form (a JSON array) as is; shell form the way Docker runs it. */
function parseCommand(args) {
  const text = args.trim();
  if (text.startsWith('[')) {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`Dockerfile: bad exec form ${text}`);
    return parsed;
  }
  return ['/bin/sh', '-c', text];
}

/** COPY/ADD flags (--from=, --chown=, --chmod=, --link) and the sources and destination. */
function parseCopy(args) {
  const parts = words(args);
  const flags = {};
  while (parts[0]?.startsWith('--')) {
    const [name, value = 'true'] = parts.shift().slice(2).split(/=(.*)/s);
    flags[name] = value;
  }
  if (parts.length < 2) throw new Error(`Dockerfile: COPY needs a source and a destination: "${args}"`);
  const dest = parts.pop();
  return { flags, sources: parts, dest };
}

function resolveIn(workdir, p) {
  return path.posix.resolve(workdir, p);
}

/** The WORKDIR in force at the end of a stage ("/" when it sets none). */
function finalWorkdir(stage) {
  let workdir = '/';
  for (const { instruction, args } of stage.instructions) if (instruction === 'WORKDIR') workdir = resolveIn(workdir, args.trim());
  return workdir;
}

/**
 * What the runtime (last) stage does, in order: COPY lines (with sources resolved to absolute
 * paths inside their stage), `RUN ln -s` links, other RUN lines, and the final ENV, WORKDIR,
 * USER, EXPOSE, HEALTHCHECK and command (ENTRYPOINT + CMD, as Docker combines them).
 */
export function runtimeStage(text) {
  const { stages } = parseDockerfile(text);
  const stage = stages.at(-1);
  if (!stage) throw new Error('Dockerfile: no stage');
  const byName = new Map(stages.map((s) => [s.name.toLowerCase(), s]));
  let workdir = '/';
  const env = {};
  const copies = [];
  const links = [];
  const otherRuns = [];
  const expose = [];
  let user;
  let entrypoint = [];
  let cmd = [];
  let healthcheck;
  for (const { instruction, args } of stage.instructions) {
    switch (instruction) {
      case 'WORKDIR':
        workdir = resolveIn(workdir, args.trim());
        break;
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'USER':
        user = args.trim();
        break;
      case 'EXPOSE':
        expose.push(...words(args));
        break;
      case 'ENTRYPOINT':
        entrypoint = parseCommand(args);
        cmd = []; // Docker resets an inherited CMD when ENTRYPOINT is set
        break;
      case 'CMD':
        cmd = parseCommand(args);
        break;
      case 'HEALTHCHECK':
        healthcheck = args.trim();
        break;
      case 'COPY':
      case 'ADD': {
        const { flags, sources, dest } = parseCopy(args);
        const fromStage = flags.from === undefined ? undefined : byName.get(flags.from.toLowerCase());
        if (flags.from !== undefined && !fromStage) throw new Error(`Dockerfile: COPY --from=${flags.from} is not a stage of this file`);
        const sourceWorkdir = fromStage ? finalWorkdir(fromStage) : '/';
        copies.push({
          instruction,
          from: fromStage?.name,
          sources: sources.map((s) => resolveIn(sourceWorkdir, s)),
          dest: resolveIn(workdir, dest),
          destIsDir: dest.endsWith('/') || dest === '.' || sources.length > 1,
          flags,
        });
        break;
      }
      case 'RUN': {
        const link = /^ln\s+-s(?:f|fn|nf)?\s+(\S+)\s+(\S+)$/.exec(args.trim());
        if (link) links.push({ target: link[1], path: resolveIn(workdir, link[2]) });
        else otherRuns.push(args.trim());
        break;
      }
      default:
        break;
    }
  }
  return { name: stage.name, image: stage.image, workdir, env, user, copies, links, otherRuns, expose, healthcheck, command: [...entrypoint, ...cmd] };
}

/** Where a path inside the image's WORKDIR lands in the host folder standing in for it. */
function hostPath(imageWorkdir, hostWorkdir, imagePath) {
  const rel = path.posix.relative(imageWorkdir, imagePath);
  if (rel.startsWith('..') || path.posix.isAbsolute(rel)) {
    throw new Error(`standalone-check: ${imagePath} is outside the image's WORKDIR ${imageWorkdir}; only the WORKDIR is reproduced`);
  }
  return path.join(hostWorkdir, ...rel.split('/').filter(Boolean));
}

/**
 * Lays out the runtime stage's files in `hostWorkdir`: each COPY from the build stage (a build
 * stage path `<its WORKDIR>/x` is `<root>/x` here, as the build stage compiled the repository
 * there), then each `RUN ln -s`. Returns the parsed stage.
 */
export async function layOut({ root = REPO_ROOT, dockerfile = path.join(root, 'Dockerfile'), hostWorkdir }) {
  const text = await readFile(dockerfile, 'utf8');
  const stage = runtimeStage(text);
  const { stages } = parseDockerfile(text);
  for (const copy of stage.copies) {
    const source = copy.from === undefined ? undefined : stages.find((s) => s.name === copy.from);
    const sourceWorkdir = source ? finalWorkdir(source) : '/';
    for (const src of copy.sources) {
      const rel = path.posix.relative(sourceWorkdir, src);
      if (rel.startsWith('..') || path.posix.isAbsolute(rel)) throw new Error(`standalone-check: cannot map ${src} (outside ${sourceWorkdir}) to the repository`);
      const from = path.join(root, ...rel.split('/').filter(Boolean));
      // As COPY does: a folder's contents go into the destination; a file goes into it when the
      // destination is a folder (ends in "/", or several sources), else becomes it.
      const isDir = existsSync(from) ? (await stat(from)).isDirectory() : true;
      const target = !isDir && copy.destIsDir ? path.posix.join(copy.dest, path.posix.basename(src)) : copy.dest;
      const to = hostPath(stage.workdir, hostWorkdir, target);
      if (!existsSync(from)) {
        // A folder the build stage creates when the repository lacks it (`mkdir -p public`).
        const made = source?.instructions.some((i) => i.instruction === 'RUN' && new RegExp(`mkdir\\s+-p\\s+(\\S+\\s+)*${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$|&)`).test(i.args));
        if (made) {
          await mkdir(to, { recursive: true });
          continue;
        }
        const hint = rel.startsWith('.next/') ? ' (run `npx next build` first)' : '';
        throw new Error(`standalone-check: ${from} does not exist${hint}`);
      }
      // Symlinks stay links (Next's standalone output has relative ones), as COPY keeps them.
      await cp(from, to, { recursive: true, verbatimSymlinks: true, force: true });
    }
  }
  for (const link of stage.links) {
    const at = hostPath(stage.workdir, hostWorkdir, link.path);
    await rm(at, { recursive: true, force: true });
    await symlink(link.target, at);
  }
  return stage;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

function numericUser(user) {
  const m = /^(\d+)(?::(\d+))?$/.exec(user ?? '');
  return m ? { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) } : undefined;
}

/**
 * Lays the image out in a temporary folder and starts its command there, with the image's
 * environment plus `env`. Resolves once the server answers HTTP on `readyPath` (any status below
 * 500 counts: the caller checks what it needs).
 */
export async function startStandalone(options = {}) {
  const root = options.root ?? REPO_ROOT;
  const hostname = options.hostname ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const base = await mkdtemp(path.join(tmpdir(), 'sesame-image-'));
  const hostWorkdir = path.join(base, 'app');
  await mkdir(hostWorkdir);
  let stage;
  try {
    stage = await layOut({ root, dockerfile: options.dockerfile, hostWorkdir });
  } catch (err) {
    await rm(base, { recursive: true, force: true });
    throw err;
  }

  const env = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...stage.env,
    ...options.env,
    PORT: String(port),
    HOSTNAME: hostname,
  };
  const [command, ...args] = stage.command;
  if (!command) throw new Error('standalone-check: the Dockerfile has no CMD or ENTRYPOINT');
  const user = options.dropPrivileges === false ? undefined : numericUser(stage.user);
  const asUser = user && process.getuid?.() === 0 ? user : undefined;
  if (asUser) {
    // mkdtemp makes the folder 0700; the image's /app is readable (not writable) by its user.
    await chmod(base, 0o755);
    await chmod(hostWorkdir, 0o755);
  }

  const tail = [];
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const record = (chunk) => {
    log?.write(chunk);
    for (const line of String(chunk).split('\n')) if (line) tail.push(line);
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  };

  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: hostPath(stage.workdir, hostWorkdir, stage.workdir),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asUser ? { uid: asUser.uid, gid: asUser.gid } : {}),
  });
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      record(`${err.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  let done = false;
  exited.then(() => {
    done = true;
    log?.end();
  });

  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepDir) await rm(base, { recursive: true, force: true });
  };

  const readyPath = options.readyPath ?? '/api/health';
  const deadline = Date.now() + (options.timeoutMs ?? START_TIMEOUT_MS);
  for (;;) {
    if (done) {
      await stop();
      throw new Error(`standalone-check: the server exited during start-up:\n${tail.slice(-30).join('\n')}`);
    }
    try {
      const res = await fetch(`${url}${readyPath}`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`standalone-check: no answer on ${url}${readyPath} within ${(options.timeoutMs ?? START_TIMEOUT_MS) / 1000} s:\n${tail.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    dir: hostWorkdir,
    pid: child.pid,
    user: asUser,
    env,
    command: stage.command,
    stop,
    exited,
    logTail: () => tail.join('\n'),
  };
}

/** The settings an operator would pass with `docker run -e` (the image brings NODE_ENV, PATH and the rest). */
export function operatorSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && /^(SESAME_|OIDC_|NEXTAUTH_|AWS_|S3_|LOG_LEVEL$)/.test(k)));
}

// `node scripts/deploy/standalone-check.mjs [--port N]`: start, print the URL, run until Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : undefined;
  const server = await startStandalone({ port, env: operatorSettings(process.env) });
  process.stdout.write(`Sesame (as in the image) at ${server.url}, from ${server.dir}${server.user ? ` as uid ${server.user.uid}` : ''}\n`);
  // Ctrl-C reaches the server too (same process group): either way, stop() cleans up.
  let stopping = false;
  const quit = async () => {
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  const { code, signal } = await server.exited;
  if (!stopping) {
    await server.stop();
    process.stderr.write(`server exited (${signal ?? code})\n${server.logTail()}\n`);
    process.exit(1);
  }
}
