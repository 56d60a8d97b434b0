#!/usr/bin/env node
// The `sesame` CLI: simulate-ses, ls, cat (bin/cli/main.ts), on the same library as the server.
import { runTs } from '../scripts/ts-run.mjs';

// The SDK's notice about Node 22 would break the "one line on stderr" promise; the README says it.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
const { child, done } = runTs('bin/cli/main.ts', process.argv.slice(2), { env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
process.exitCode = await done;
