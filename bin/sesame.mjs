#!/usr/bin/env node
// The `sesame` CLI: simulate-ses, ls, cat (bin/cli/main.ts), on the same library as the server.
import { runTs } from '../scripts/ts-run.mjs';

const { child, done } = runTs('bin/cli/main.ts', process.argv.slice(2));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
process.exitCode = await done;
