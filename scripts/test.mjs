// `npm test`: the whole suite, in order, setting up what it needs when missing (the moto
// virtualenv, Debian's Chromium). Each step prints its own runner's summary; the first failure
// stops the run with a non-zero exit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireNode24 } from './node-version.mjs';

requireNode24('test');

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const bin = (name) => `node_modules/.bin/${name}`;
const only = process.argv.slice(2);

// The reliability tests (fuzzing, injected faults, hostile mail and failing services in Chromium,
// load) run as their own step, `npm run test:reliability`, with counts small enough for CI.
const FUZZ = ['lib/envelope/fuzz.test.ts', 'lib/mime/fuzz.test.ts'];
const FAULTS = ['lib/mailstore/faults.int.test.ts'];
const steps = [
  ['lint', [bin('eslint'), '.', '--max-warnings=0']],
  ['typecheck', [bin('tsc'), '--noEmit']],
  ['unit', [bin('vitest'), 'run', '--project', 'unit', ...FUZZ.flatMap((f) => ['--exclude', f])]],
  ['setup', [node, 'scripts/bench/moto.mjs', 'install'], [node, 'scripts/bench/postgres.mjs', 'install'], [node, 'scripts/bench/ensure-chromium.mjs']],
  ['integration', [bin('vitest'), 'run', '--project', 'integration', ...FAULTS.flatMap((f) => ['--exclude', f])]],
  ['e2e', [bin('playwright'), 'test', '--grep-invert', '@reliability']],
  [
    'reliability',
    [bin('vitest'), 'run', '--project', 'unit', ...FUZZ],
    [node, 'scripts/bench/moto.mjs', 'install'],
    [node, 'scripts/bench/postgres.mjs', 'install'],
    [bin('vitest'), 'run', '--project', 'integration', ...FAULTS],
    [node, 'scripts/bench/ensure-chromium.mjs'],
    [bin('playwright'), 'test', '--grep', '@reliability'],
  ],
];

const results = [];
for (const [name, ...commands] of steps) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  let ok = true;
  // The e2e step built the app a moment ago: the reliability specs reuse that build.
  const reuseBuild = name === 'reliability' && results.some((r) => r.name === 'e2e' && r.ok) ? { E2E_SKIP_BUILD: '1' } : {};
  for (const [cmd, ...args] of commands) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', ...reuseBuild } });
    if (r.status !== 0) {
      ok = false;
      break;
    }
  }
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  if (!ok) break;
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)\n`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed ? 1 : 0);
