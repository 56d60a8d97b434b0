// Liveness: the process is up and answering. Nothing else is checked here (see /api/ready).
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
