// The project runs on Node 24 LTS, which it brings itself (the `node` devDependency: npm puts
// node_modules/.bin first on PATH for every script). Scripts say which Node they run on and stop
// at once on an older one, instead of failing later in a dependency.
const MIN_MAJOR = 24;

export function requireNode24(what) {
  const version = process.versions.node;
  process.stderr.write(`[${what}] Node ${version} (${process.execPath})\n`);
  if (Number(version.split('.')[0]) < MIN_MAJOR) {
    process.stderr.write(
      `[${what}] Sesame needs Node ${MIN_MAJOR} or newer, found ${version}: run it through npm (\`npm ${what === 'test' ? 'test' : `run ${what}`}\` after \`npm ci\`), which uses the Node 24 in node_modules/.bin.\n`,
    );
    process.exit(1);
  }
}
