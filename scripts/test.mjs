// `npm test`: the whole suite, in order, setting up what it needs when missing (the moto
// virtualenv, Debian's Chromium). Each step prints its own runner's summary; the first failure
// stops the run with a non-zero exit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const bin = (name) => `node_modules/.bin/${name}`;
const only = process.argv.slice(2);

const steps = [
  ['lint', [bin('eslint'), '.', '--max-warnings=0']],
  ['typecheck', [bin('tsc'), '--noEmit']],
  ['unit', [bin('vitest'), 'run', '--project', 'unit']],
  ['setup', [node, 'scripts/bench/moto.mjs', 'install'], [node, 'scripts/bench/ensure-chromium.mjs']],
  ['integration', [bin('vitest'), 'run', '--project', 'integration']],
  ['e2e', [bin('playwright'), 'test']],
];

const results = [];
for (const [name, ...commands] of steps) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  let ok = true;
  for (const [cmd, ...args] of commands) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
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
