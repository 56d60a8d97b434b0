// Runs once when a server process starts: a bad setting stops start-up with one clear line per
// problem, instead of failing on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnInvalidSettings } = await import('./lib/startup');
    exitOnInvalidSettings();
  }
}
