import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@/lib/config';
import { parseDockerfile, runtimeStage } from './standalone-check.mjs';
import { read, STANDARD_ENV } from './deploy-files';

const dockerfile = read('Dockerfile');

describe('the Dockerfile', () => {
  const { stages } = parseDockerfile(dockerfile);
  const runtime = runtimeStage(dockerfile);

  it('has three stages on Node 24 slim: deps (npm ci), build (next build), runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    for (const s of stages) expect(s.image).toBe('node:24-trixie-slim');
    const runs = (name: string) => stages.find((s) => s.name === name)!.instructions.filter((i) => i.instruction === 'RUN').map((i) => i.args);
    expect(runs('deps').join('\n')).toMatch(/\bnpm ci\b/);
    expect(runs('build').join('\n')).toMatch(/\bnext build\b/);
    expect(runs('runtime').join('\n')).not.toMatch(/\bnpm\b|\bnext build\b/);
  });

  it('runs as a numeric non-root user (so Kubernetes runAsNonRoot can check it)', () => {
    expect(runtime.user).toMatch(/^\d+:\d+$/);
    const [uid, gid] = runtime.user!.split(':').map(Number);
    expect(uid).toBe(10001);
    expect(gid).toBe(10001);
  });

  it('sets the production environment, listens on 0.0.0.0:3000, keeps HOME in /tmp', () => {
    expect(runtime.env).toMatchObject({ NODE_ENV: 'production', PORT: '3000', HOSTNAME: '0.0.0.0', NEXT_TELEMETRY_DISABLED: '1', HOME: '/tmp' });
    expect(runtime.expose).toEqual(['3000']);
    expect(runtime.command).toEqual(['node', 'server.js']);
    expect(runtime.workdir).toBe('/app');
  });

  it('defines only environment variables Sesame reads or that Node and Next use', () => {
    const known = new Set([...Object.keys(settingsSchema.shape), ...STANDARD_ENV]);
    for (const stage of stages) {
      for (const { instruction, args } of stage.instructions) {
        if (instruction !== 'ENV') continue;
        for (const name of args.match(/[A-Z_][A-Z0-9_]*(?==)/g) ?? []) expect(known, name).toContain(name);
      }
    }
  });

  it('copies the standalone server, its static files and public/ from the build stage', () => {
    expect(runtime.copies.map((c) => ({ from: c.from, sources: c.sources, dest: c.dest }))).toEqual([
      { from: 'build', sources: ['/app/.next/standalone'], dest: '/app' },
      { from: 'build', sources: ['/app/.next/static'], dest: '/app/.next/static' },
      { from: 'build', sources: ['/app/public'], dest: '/app/public' },
    ]);
    // Not --chown: the files stay root's, so the server cannot change them.
    for (const c of runtime.copies) expect(c.flags.chown).toBeUndefined();
    // public/ is not in git (it is empty): the build stage must create it before the COPY.
    const build = stages.find((s) => s.name === 'build')!;
    expect(build.instructions.some((i) => i.instruction === 'RUN' && /mkdir -p public\b/.test(i.args))).toBe(true);
  });

  it('points Next’s cache at /tmp, and its other RUN lines only set up the user', () => {
    expect(runtime.links).toEqual([{ target: '/tmp', path: '/app/.next/cache' }]);
    // standalone-check.mjs repeats COPY and `ln -s`, not other RUN lines: they must not touch /app.
    for (const run of runtime.otherRuns) expect(run).toMatch(/^groupadd .*&& useradd /);
  });

  it('has a HEALTHCHECK that asks /api/health with node (no curl in the slim image)', () => {
    expect(runtime.healthcheck).toBeDefined();
    const [, options, exec] = /^(.*?)\s*CMD\s+(\[.*\])$/s.exec(runtime.healthcheck!) ?? [];
    expect(options).toMatch(/--interval=\d+s/);
    expect(options).toMatch(/--timeout=\d+s/);
    const argv = JSON.parse(exec!) as string[];
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain("'http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health'");
    // The script itself must be valid JavaScript.
    expect(() => new Function(argv[2]!)).not.toThrow();
  });
});

describe('.dockerignore', () => {
  const lines = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps dependencies, builds, local state, test output and secrets out of the context', () => {
    for (const p of ['node_modules', '.next', '.venv', '.demo', '.moto', 'test-results', 'playwright-report', '.git', '.env', '*.pem']) expect(lines).toContain(p);
  });

  it('keeps everything the build needs', () => {
    for (const p of ['app', 'lib', 'components', 'public', 'scripts', 'bin', 'e2e', 'package.json', 'package-lock.json', 'next.config.js', 'tsconfig.json', 'postcss.config.mjs', 'proxy.ts', 'instrumentation.ts']) {
      expect(lines).not.toContain(p);
      expect(lines).not.toContain(`${p}/`);
    }
  });
});

describe('the Dockerfile parser', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'FROM node:20 AS base',
    'WORKDIR /src',
    'FROM base AS final',
    'ENV A=1 B="two words" \\',
    '    C=3',
    'ENV LEGACY some value',
    'WORKDIR /srv',
    'WORKDIR app',
    'COPY --from=base --chown=1:1 /src/out ./',
    'COPY config.json settings/',
    'RUN ln -sf /tmp /srv/app/cache',
    'RUN apt-get update \\',
    '  # a comment inside a continuation',
    '  && apt-get install -y tini',
    'USER 1000',
    'ENTRYPOINT ["tini", "--"]',
    'CMD node main.js',
  ].join('\n');

  it('reads stages, continuations, both ENV forms, COPY flags, links and the command', () => {
    const stage = runtimeStage(text);
    expect(stage.name).toBe('final');
    expect(stage.workdir).toBe('/srv/app');
    expect(stage.env).toEqual({ A: '1', B: 'two words', C: '3', LEGACY: 'some value' });
    expect(stage.copies).toEqual([
      { instruction: 'COPY', from: 'base', sources: ['/src/out'], dest: '/srv/app', destIsDir: true, flags: { from: 'base', chown: '1:1' } },
      { instruction: 'COPY', from: undefined, sources: ['/config.json'], dest: '/srv/app/settings', destIsDir: true, flags: {} },
    ]);
    expect(stage.links).toEqual([{ target: '/tmp', path: '/srv/app/cache' }]);
    expect(stage.otherRuns).toEqual(['apt-get update  && apt-get install -y tini']);
    expect(stage.user).toBe('1000');
    expect(stage.command).toEqual(['tini', '--', '/bin/sh', '-c', 'node main.js']);
  });

  it('refuses a COPY from a stage that does not exist', () => {
    expect(() => runtimeStage('FROM a AS one\nFROM b\nCOPY --from=two /x /y\n')).toThrow(/--from=two/);
  });
});
