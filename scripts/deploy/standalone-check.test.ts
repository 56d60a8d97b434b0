import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandalone } from './standalone-check.mjs';
import { root as repoRoot } from './deploy-files';

// startStandalone against a stand-in for `next build`'s output: a server.js that reports what it
// sees. The real server is started the same way by the e2e smoke test.
const SERVER = `
const fs = require('node:fs');
const http = require('node:http');
function writable(dir) {
  try { fs.writeFileSync(dir + '/probe', 'x'); fs.rmSync(dir + '/probe'); return true; } catch { return false; }
}
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({
    path: req.url,
    cwd: process.cwd(),
    env: process.env,
    uid: process.getuid(),
    staticFile: fs.existsSync('.next/static/chunks/app.js'),
    publicDir: fs.statSync('public').isDirectory(),
    cacheLink: fs.readlinkSync('.next/cache'),
    aliasLink: fs.readlinkSync('.next/node_modules/dep-1234'),
    aliasWorks: require('./.next/node_modules/dep-1234') === 'dep',
    appWritable: writable('.'),
    tmpWritable: writable('/tmp'),
  }));
}).listen(Number(process.env.PORT), process.env.HOSTNAME);
process.on('SIGTERM', () => process.exit(0));
`;

let fakeRoot: string;

beforeAll(async () => {
  fakeRoot = await mkdtemp(path.join(tmpdir(), 'sesame-fake-build-'));
  const standalone = path.join(fakeRoot, '.next', 'standalone');
  await mkdir(path.join(standalone, 'node_modules', 'dep'), { recursive: true });
  await mkdir(path.join(standalone, '.next', 'node_modules'), { recursive: true });
  await writeFile(path.join(standalone, 'server.js'), SERVER);
  await writeFile(path.join(standalone, 'node_modules', 'dep', 'index.js'), "module.exports = 'dep';");
  // Next's standalone output links hashed aliases to packages with relative symlinks.
  await symlink('../../node_modules/dep', path.join(standalone, '.next', 'node_modules', 'dep-1234'));
  await mkdir(path.join(fakeRoot, '.next', 'static', 'chunks'), { recursive: true });
  await writeFile(path.join(fakeRoot, '.next', 'static', 'chunks', 'app.js'), '');
  // No public/: the Dockerfile's build stage creates it (`mkdir -p public`).
});

afterAll(async () => {
  await rm(fakeRoot, { recursive: true, force: true });
});

describe('startStandalone', () => {
  it('lays the files out as the runtime stage does and runs its command with its environment', async () => {
    const server = await startStandalone({
      root: fakeRoot,
      dockerfile: path.join(repoRoot, 'Dockerfile'),
      env: { SESAME_STORE: 'local', LOG_LEVEL: 'debug' },
      readyPath: '/ready',
    });
    try {
      const seen = (await (await fetch(`${server.url}/x`)).json()) as Record<string, unknown> & { env: Record<string, string> };
      expect(server.command).toEqual(['node', 'server.js']);
      expect(seen.cwd).toBe(server.dir);
      // The image's ENV, the caller's settings, the port, loopback; nothing else of this process.
      expect(seen.env).toMatchObject({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '--disable-warning=DEP0169', HOME: '/tmp', SESAME_STORE: 'local', LOG_LEVEL: 'debug', PORT: String(server.port), HOSTNAME: '127.0.0.1' });
      expect(Object.keys(seen.env).filter((k) => !['PATH', 'NODE_ENV', 'PORT', 'HOSTNAME', 'NEXT_TELEMETRY_DISABLED', 'NEXT_MANUAL_SIG_HANDLE', 'NODE_OPTIONS', 'HOME', 'SESAME_STORE', 'LOG_LEVEL'].includes(k))).toEqual([]);
      expect(seen).toMatchObject({ staticFile: true, publicDir: true, cacheLink: '/tmp', aliasLink: '../../node_modules/dep', aliasWorks: true, tmpWritable: true });
      if (process.getuid?.() === 0) {
        // As root, the server runs as the image's USER and cannot write to its own folder.
        expect(server.user).toEqual({ uid: 10001, gid: 10001 });
        expect(seen.uid).toBe(10001);
        expect(seen.appWritable).toBe(false);
      }
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dir)).toBe(false);
    await expect(server.exited).resolves.toBeDefined();
  });

  it('says to build first when there is no standalone output', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'sesame-no-build-'));
    try {
      await expect(startStandalone({ root: empty, dockerfile: path.join(repoRoot, 'Dockerfile') })).rejects.toThrow(/next build/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reports a server that exits during start-up, with its output', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'sesame-broken-build-'));
    try {
      await mkdir(path.join(broken, '.next', 'standalone'), { recursive: true });
      await mkdir(path.join(broken, '.next', 'static'), { recursive: true });
      await writeFile(path.join(broken, '.next', 'standalone', 'server.js'), "console.error('SESAME_MAILBOXES: required'); process.exit(1);");
      await expect(startStandalone({ root: broken, dockerfile: path.join(repoRoot, 'Dockerfile') })).rejects.toThrow(/exited during start-up[\s\S]*SESAME_MAILBOXES: required/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
