import { z } from 'zod';

// URL parameters of the message routes. The mailstore checks ids again (keyFor); these only
// refuse what can never be an id before any AWS call is made.

export const mailboxParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
export const messageIdParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+=@-]{0,254}$/);

export const mailboxOnly = z.object({ mailbox: mailboxParam });
export const messageParams = z.object({ mailbox: mailboxParam, id: messageIdParam });

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)])).default(50),
  q: z.string().max(1000).optional(),
  fresh: z.enum(['0', '1']).optional(),
  view: z.enum(['inbox', 'done', 'starred', 'all']).optional(),
  threads: z.enum(['0', '1']).optional(),
  thread: messageIdParam.optional(),
});

/** `?name=1` → true; anything else false. */
export function flag(url: URL, name: string): boolean {
  return url.searchParams.get(name) === '1';
}
