// Test data for the e2e stack, run by e2e/global-setup.ts once moto is up and before the app starts.
import { seedViewer } from './viewer-seed';

export default async function seed(where: Parameters<typeof seedViewer>[0]): Promise<Record<string, string>> {
  return { ...(await seedViewer(where)) };
}
