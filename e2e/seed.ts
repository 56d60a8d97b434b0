// Test data for the e2e stack, run by e2e/global-setup.ts once moto is up and before the app starts.
import { seedViewer } from './viewer-seed';
import { seedXss } from './xss-seed';

export default async function seed(where: Parameters<typeof seedViewer>[0]): Promise<Record<string, string>> {
  const env = await seedViewer(where);
  await seedXss(where);
  return env;
}
