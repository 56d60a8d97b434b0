import 'server-only';
import { sourceFor } from '@/lib/auth/reader-source';
import type { UserContext } from '@/lib/auth/session';
import { inboxPage } from '@/lib/mailstore/service';
import { mailboxesIn, parseQuery, QueryError } from '@/lib/mime/search';
import type { IndexProgress, MessageSummary } from '@/lib/types';

// Search over several mailboxes: every mailbox the person may read (in:all, or no in:), or the
// ones named by in:. Each mailbox is searched with the person's own rights (its index when they
// may open it, else directly), then the hits are merged newest first.

const MAX_MAILBOXES = 50;
// Merging newest-first across mailboxes needs the first page × pageSize hits of each one in memory:
// deeper pages are refused (in words) rather than letting a URL make a replica hold a mailbox.
export const MAX_DEPTH = 5_000;

export interface SearchAllPage {
  items: MessageSummary[];
  total: number;
  page: number;
  pageSize: number;
  mailboxes: { id: string; total: number; mailboxSize: number; summarised: number; failed: number; index?: IndexProgress }[];
}

export async function searchAll(ctx: UserContext, opts: { q: string; page: number; pageSize: number }): Promise<SearchAllPage> {
  const query = parseQuery(opts.q);
  const named = mailboxesIn(query).filter((id) => id !== 'all');
  const readable = new Set(ctx.mailboxes.map((m) => m.id));
  for (const id of named) {
    if (!readable.has(id)) throw new QueryError(`"in:${id}" is not a mailbox you can read. Use in:all or one of: ${[...readable].join(', ')}.`);
  }
  const ids = (named.length ? [...new Set(named)] : [...readable]).slice(0, MAX_MAILBOXES);
  const depth = opts.page * opts.pageSize;
  if (depth > MAX_DEPTH) {
    throw new QueryError(`A search over several mailboxes shows its first ${MAX_DEPTH.toLocaleString('en')} hits. Narrow it (from:, after:, a word more) or search one mailbox (in:NAME) to page further.`);
  }
  const pages = await Promise.all(
    ids.map(async (id) => {
      const source = await sourceFor(ctx, id);
      // Enough rows of each mailbox to fill the merged page; pageSize 100 is the largest a page takes.
      const rows: MessageSummary[] = [];
      let first;
      for (let p = 1; rows.length < depth; p++) {
        const got = await inboxPage(source, { page: p, pageSize: 100, query: opts.q });
        first ??= got;
        rows.push(...got.items);
        if (got.items.length < 100) break;
      }
      return { id, rows, first: first! };
    }),
  );
  const merged = pages.flatMap((p) => p.rows).sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
  return {
    items: merged.slice(depth - opts.pageSize, depth),
    total: pages.reduce((n, p) => n + p.first.total, 0),
    page: opts.page,
    pageSize: opts.pageSize,
    mailboxes: pages.map((p) => ({ id: p.id, total: p.first.total, mailboxSize: p.first.mailboxSize, summarised: p.first.summarised, failed: p.first.failed, index: p.first.index })),
  };
}
