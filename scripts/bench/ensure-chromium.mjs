// Playwright runs Debian's Chromium (no browser download works here): make sure it is installed.
//
//   node scripts/bench/ensure-chromium.mjs   # prints the browser's path; installs it as root
import { spawn } from 'node:child_process';
import { isMain } from './is-main.mjs';
import { accessSync, constants } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 2, 2], // apt's output on stderr: stdout carries only the path
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * Returns the path of Debian's Chromium, installing the package with apt-get first when this
 * process runs as root. Anyone else gets an error saying what to install.
 */
export async function ensureChromium() {
  if (executable(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (sudo apt-get install -y chromium)`);
  }
  if (!executable('/usr/bin/apt-get')) {
    throw new Error(`${CHROMIUM} not found and there is no apt-get: install Chromium so that ${CHROMIUM} runs it`);
  }
  process.stderr.write(`[chromium] ${CHROMIUM} not found: installing Debian's chromium package (apt-get, a few minutes)\n`);
  await run('apt-get', ['update']);
  await run('apt-get', ['install', '-y', 'chromium']);
  if (!executable(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  process.stderr.write(`[chromium] installed ${CHROMIUM}\n`);
  return CHROMIUM;
}

if (isMain(import.meta.url)) {
  ensureChromium().then(
    (path) => process.stdout.write(`${path}\n`),
    (error) => {
      process.stderr.write(`[chromium] ${error.message}\n`);
      process.exit(1);
    },
  );
}
