// Runs once when a server process starts: a bad setting stops start-up with one clear line per
// problem, instead of failing on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startupProblems } = await import('./lib/startup');
  const problems = startupProblems(process.env);
  if (problems.length > 0) {
    process.stderr.write(`Sesame cannot start, settings are invalid:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
}
