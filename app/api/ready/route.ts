import { readiness } from '@/lib/readiness';

export const dynamic = 'force-dynamic';

// Public: only ready / not ready. Which check failed is in the log (lib/readiness.ts).
export async function GET(): Promise<Response> {
  const { ready } = await readiness();
  return Response.json({ status: ready ? 'ready' : 'not ready' }, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
