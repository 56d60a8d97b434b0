import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '@/scripts/corpus/generate';
import { assignConversation, SUBJECT_WINDOW_MS, type ThreadFields } from './conversations';
import { IndexKeys } from './crypto';
import { openPglite, type IndexDb } from './db';
import { indexedRow } from './extract';

// Conversations as the indexer assigns them, one message at a time in the database (PGlite), from
// real messages: the same groups whatever order the messages are indexed in.

let db: IndexDb;
let scopeNo = 0;

beforeAll(async () => {
  db = await openPglite(null);
}, 120_000);

afterAll(async () => {
  await db?.close();
});

async function fieldsOf(key: string, eml: Buffer, receivedAt: Date, keys: IndexKeys): Promise<ThreadFields> {
  const row = await indexedRow(eml, keys, true);
  return { key, receivedAt, threadId: row.threadId, threadRefs: row.threadRefs, threadSubject: row.threadSubject, threadReply: row.threadReply };
}

/** Index these messages in this order (as the indexer stores each row); returns key → conversation. */
async function assignAll(messages: readonly ThreadFields[]): Promise<Map<string, string>> {
  const scope = `test/${++scopeNo}/`;
  for (const m of messages) {
    await db.query('INSERT INTO messages (scope, key, etag, received_at, size) VALUES ($1, $2, $3, $4, 1)', [scope, m.key, 'e', m.receivedAt.toISOString()]);
  }
  for (const m of messages) {
    await db.transaction(async (tx) => {
      await tx.query('UPDATE messages SET sealed = $3, thread_id = $4, thread_refs = $5::bigint[], thread_subject = $6, thread_reply = $7 WHERE scope = $1 AND key = $2', [
        scope, m.key, Buffer.from('x'), m.threadId, m.threadRefs, m.threadSubject, m.threadReply,
      ]);
      await assignConversation(tx, scope, m);
    });
  }
  const r = await db.query<{ key: string; conv: string }>('SELECT key, conv FROM messages WHERE scope = $1', [scope]);
  return new Map(r.rows.map((row) => [row.key, row.conv]));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('conversations from real messages', () => {
  it('groups the corpus threads by References / In-Reply-To, keeps other mail apart, in any indexing order', async () => {
    const keys = new IndexKeys(randomBytes(32));
    const corpus = generateCorpus({ baseDate: new Date('2026-01-01T00:00:00Z'), includeLarge: false });
    const picked = corpus.filter((m) => m.tags.includes('thread') || m.name.startsWith('plain-'));
    const fields = await Promise.all(picked.map((m) => fieldsOf(m.name, m.eml, m.receivedAt, keys)));
    const roadmap = picked.filter((m) => m.name.startsWith('thread-roadmap'));
    const lunch = picked.filter((m) => m.name.startsWith('thread-lunch'));
    expect(roadmap.length).toBeGreaterThan(5);
    const newestFirst = [...fields].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
    for (const order of [newestFirst, [...newestFirst].reverse(), shuffled(fields, 1), shuffled(fields, 2)]) {
      const conv = await assignAll(order);
      const groups = (names: readonly { name: string }[]) => new Set(names.map((m) => conv.get(m.name)));
      expect(groups(roadmap).size).toBe(1);
      expect(groups(lunch).size).toBe(1);
      expect(groups([...roadmap, ...lunch]).size).toBe(2);
      const plain = picked.filter((p) => p.name.startsWith('plain-'));
      expect(groups([...plain, roadmap[0]!, lunch[0]!]).size).toBe(plain.length + 2);
    }
  }, 60_000);

  it('joins two replies through a parent that is not in the mailbox', async () => {
    const keys = new IndexKeys(randomBytes(32));
    const id = (s: string) => keys.threadHash('id', s);
    const t = (d: number) => new Date(Date.UTC(2026, 0, d));
    const conv = await assignAll([
      { key: 'b', receivedAt: t(3), threadId: id('b@x'), threadRefs: [id('gone@x')], threadSubject: null, threadReply: false },
      { key: 'a', receivedAt: t(2), threadId: id('a@x'), threadRefs: [id('gone@x')], threadSubject: null, threadReply: false },
      { key: 'c', receivedAt: t(4), threadId: id('c@x'), threadRefs: [], threadSubject: null, threadReply: false },
    ]);
    expect(conv.get('a')).toBe(conv.get('b'));
    expect(conv.get('c')).toBe('c');
  });

  it('joins a reply without References by subject within the window, not a same-subject notice, in any order', async () => {
    const keys = new IndexKeys(randomBytes(32));
    const plain = await readFile(new URL('../mime/fixtures/plain.eml', import.meta.url));
    const original = await fieldsOf('orig', plain, new Date('2026-01-01T00:00:00Z'), keys);
    const subject = keys.threadHash('subject', 'printer broken');
    const base = { threadId: null, threadRefs: [], threadSubject: subject };
    const rows: ThreadFields[] = [
      { ...original, threadSubject: subject },
      { key: 'reply', receivedAt: new Date('2026-01-02T00:00:00Z'), ...base, threadReply: true },
      { key: 'notice', receivedAt: new Date('2026-01-03T00:00:00Z'), ...base, threadReply: false },
      { key: 'late', receivedAt: new Date(Date.parse('2026-01-03T00:00:00Z') + SUBJECT_WINDOW_MS + 1), ...base, threadReply: true },
    ];
    for (const order of [rows, [...rows].reverse(), shuffled(rows, 3)]) {
      const conv = await assignAll(order);
      expect(conv.get('reply')).toBe(conv.get('orig'));
      expect(new Set([conv.get('orig'), conv.get('notice'), conv.get('late')]).size).toBe(3);
    }
  });

  it('keeps long threads near-linear: each message is a few lookups, whatever the thread size', async () => {
    // 50,000 alerts naming one root, or a chain: a message must not cost a scan of its thread. Work
    // is counted as rows the merges renamed (not time: the machine is shared); the lookups are indexed.
    const keys = new IndexKeys(randomBytes(32));
    const id = (s: string) => keys.threadHash('id', s);
    const work = async (n: number, shape: 'star' | 'chain' | 'bridges') => {
      const scope = `grow/${++scopeNo}/`;
      const msgs: ThreadFields[] = Array.from({ length: n }, (_, i) => ({
        key: `k${String(i).padStart(6, '0')}`,
        receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
        threadId: id(`m${i}@x`),
        threadRefs: i === 0 ? [] : [id(shape === 'star' ? 'm0@x' : `m${i - 1}@x`)],
        threadSubject: null,
        threadReply: false,
      }));
      for (const m of msgs) await db.query('INSERT INTO messages (scope, key, etag, received_at, size) VALUES ($1, $2, $3, $4, 1)', [scope, m.key, 'e', m.receivedAt.toISOString()]);
      let renamed = 0;
      // The indexer's order (newest first), or a chain's every other message first: each later one
      // then bridges two conversations, and the growing one must not be renamed each time.
      const order = shape === 'bridges' ? [...msgs.filter((_, i) => i % 2 === 0), ...msgs.filter((_, i) => i % 2 === 1)] : [...msgs].reverse();
      for (const m of order) {
        await db.transaction(async (tx) => {
          await tx.query('UPDATE messages SET sealed = $3, thread_id = $4, thread_refs = $5::bigint[] WHERE scope = $1 AND key = $2', [scope, m.key, Buffer.from('x'), m.threadId, m.threadRefs]);
          renamed += (await assignConversation(tx, scope, m)).renamed;
        });
      }
      const convs = await db.query<{ n: string | number }>('SELECT count(DISTINCT conv) AS n FROM messages WHERE scope = $1', [scope]);
      expect(Number(convs.rows[0]!.n)).toBe(1);
      return renamed;
    };
    for (const shape of ['star', 'chain', 'bridges'] as const) {
      const n = 480;
      const renamed = await work(n, shape);
      // Union by size: a row moves at most log2(n) times; renaming the growing thread at each
      // merge would move ~n²/8 rows (28,800 here).
      expect(renamed, shape).toBeLessThanOrEqual(2 * n * Math.log2(n));
    }
  }, 120_000);
});
