import type { ThreadInfo } from './threads';

// The list as conversations: one row per conversation (its newest message in the given order),
// and the messages of one conversation. Both are one pass over the keys (linear, no sorting of
// the whole mailbox beyond what the listing already did). Pure, so the unit test needs no index.

export type Listed = { key: string };

/**
 * Keeps, of each conversation, only its first message in `ordered` (newest first → the newest).
 * Messages without conversation data (not indexed yet) stay rows of their own.
 */
export function collapseThreads<T extends Listed>(ordered: readonly T[], threads: ReadonlyMap<string, ThreadInfo>): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const o of ordered) {
    const t = threads.get(o.key);
    if (t && t.size > 1) {
      if (seen.has(t.threadKey)) continue;
      seen.add(t.threadKey);
    }
    out.push(o);
  }
  return out;
}

/** The messages of the conversation started by `threadKey`, oldest first (`ordered` is newest first). */
export function threadMembers<T extends Listed>(ordered: readonly T[], threads: ReadonlyMap<string, ThreadInfo>, threadKey: string): T[] {
  const out: T[] = [];
  for (const o of ordered) {
    const t = threads.get(o.key);
    if ((t ? t.threadKey : o.key) === threadKey) out.push(o);
  }
  return out.reverse();
}
