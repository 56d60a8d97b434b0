import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { searchAll, type SearchAllPage } from '@/lib/index/search-all';

export const dynamic = 'force-dynamic';

const searchQuery = z.object({
  q: z.string().min(1).max(1000),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)])).default(50),
});

/** GET ?q=&page=&pageSize= → hits over every mailbox the person may read (or those named by in:), newest first. */
export const GET = apiRoute(async (req, _params, note) => {
  const ctx = await requireApiUser();
  note.person = ctx.user.email;
  const opts = searchQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const body: SearchAllPage = await searchAll(ctx, opts);
  return Response.json(body, { headers: { 'cache-control': 'private, no-store' } });
});
