// Runs once when a server process starts: a bad setting stops start-up with one clear line per
// problem, instead of failing on the first request; SIGTERM drains before exiting.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/startup');
    startServer();
  }
}
