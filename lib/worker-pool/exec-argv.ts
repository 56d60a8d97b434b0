import 'server-only';

// The flags a worker thread needs to run the TypeScript sources. Under vitest a thread gets tsx and
// the react-server condition (which makes `import 'server-only'` empty), as scripts/ts-run.mjs
// gives the CLI and the bench. In Next's build the worker is compiled with the app and needs
// neither; under tsx (bench, CLI) the thread inherits the parent's flags (undefined).
// A bare 'tsx' specifier (resolved from the working directory): a `new URL(…, import.meta.url)`
// here would make the bundler copy tsx into the build as a public asset.
export function workerExecArgv(): string[] | undefined {
  if (!process.env.VITEST) return undefined;
  return [...process.execArgv, '--conditions=react-server', '--import', 'tsx'];
}
