import 'server-only';

// Conversations from keyed hashes only (no plaintext): messages joined by Message-ID, References
// and In-Reply-To (also through an ancestor that is not in the mailbox); a reply without those
// headers ("Re: …" from a client that drops them) joins the latest earlier message with the same
// normalised subject within SUBJECT_WINDOW. Union-find: near-linear in the number of messages.

export interface ThreadInput {
  key: string;
  receivedAt: number;
  id: string | null;
  refs: readonly string[];
  subject: string | null;
  /** The subject had a reply prefix and the message names no parent. */
  reply: boolean;
}

export interface ThreadInfo {
  /** The object key of the conversation's oldest message: stable while it stays in the mailbox. */
  threadKey: string;
  size: number;
}

export const SUBJECT_WINDOW_MS = 30 * 24 * 3600 * 1000;

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    // Path compression keeps later finds short.
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

export function computeThreads(rows: readonly ThreadInput[]): Map<string, ThreadInfo> {
  const uf = new UnionFind();
  for (const r of rows) {
    const node = `k:${r.key}`;
    uf.find(node);
    if (r.id) uf.union(node, `m:${r.id}`);
    for (const ref of r.refs) uf.union(node, `m:${ref}`);
  }
  const bySubject = new Map<string, ThreadInput[]>();
  for (const r of rows) {
    if (!r.subject) continue;
    const list = bySubject.get(r.subject);
    if (list) list.push(r);
    else bySubject.set(r.subject, [r]);
  }
  for (const list of bySubject.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.receivedAt - b.receivedAt);
    for (let i = 1; i < list.length; i++) {
      const r = list[i]!;
      const prev = list[i - 1]!;
      if (r.reply && r.receivedAt - prev.receivedAt <= SUBJECT_WINDOW_MS) uf.union(`k:${r.key}`, `k:${prev.key}`);
    }
  }
  const groups = new Map<string, { oldest: ThreadInput; size: number }>();
  for (const r of rows) {
    const root = uf.find(`k:${r.key}`);
    const g = groups.get(root);
    if (!g) groups.set(root, { oldest: r, size: 1 });
    else {
      g.size++;
      if (r.receivedAt < g.oldest.receivedAt || (r.receivedAt === g.oldest.receivedAt && r.key < g.oldest.key)) g.oldest = r;
    }
  }
  const out = new Map<string, ThreadInfo>();
  for (const r of rows) {
    const g = groups.get(uf.find(`k:${r.key}`))!;
    out.set(r.key, { threadKey: g.oldest.key, size: g.size });
  }
  return out;
}
