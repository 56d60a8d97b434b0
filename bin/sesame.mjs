#!/usr/bin/env node
// Launcher for the `sesame` CLI: runs the TypeScript entry with tsx, under the react-server
// condition so the library's `import 'server-only'` guards resolve to their empty module.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--no-warnings=ExperimentalWarning', '--import', loader, join(root, 'bin', 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') } },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
