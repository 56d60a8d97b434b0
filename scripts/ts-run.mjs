// Run a TypeScript entry of this repo with tsx, under the react-server condition so the library's
// `import 'server-only'` guards resolve to their empty module (as they do inside Next's server).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function tsArgs(entry, args = []) {
  const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return ['--conditions=react-server', '--no-warnings=ExperimentalWarning', '--import', loader, join(root, entry), ...args];
}

/** Spawn `node <entry.ts> args`; resolves with the exit code. */
export function runTs(entry, args = [], options = {}) {
  const child = spawn(process.execPath, tsArgs(entry, args), {
    stdio: 'inherit',
    ...options,
    env: { ...process.env, ...options.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
  });
  return { child, done: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))) };
}

// CLI: node scripts/ts-run.mjs <entry.ts> [args…]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [entry, ...args] = process.argv.slice(2);
  const { child, done } = runTs(entry, args);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  done.then((code) => (process.exitCode = code));
}
