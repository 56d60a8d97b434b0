import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '@/scripts/corpus/generate';
import { IndexKeys } from './crypto';
import { indexedRow } from './extract';
import { computeThreads, type ThreadInput } from './threads';

async function inputOf(name: string, eml: Buffer, receivedAt: Date, keys: IndexKeys): Promise<ThreadInput> {
  const row = await indexedRow(eml, keys, true);
  return { key: name, receivedAt: receivedAt.getTime(), id: row.threadId, refs: row.threadRefs, subject: row.threadSubject, reply: row.threadReply };
}

describe('conversations from real messages', () => {
  it('groups the corpus threads by References / In-Reply-To and keeps other mail apart', async () => {
    const keys = new IndexKeys(randomBytes(32));
    const corpus = generateCorpus({ baseDate: new Date('2026-01-01T00:00:00Z'), includeLarge: false });
    const picked = corpus.filter((m) => m.tags.includes('thread') || m.name.startsWith('plain-'));
    const inputs = await Promise.all(picked.map((m) => inputOf(m.name, m.eml, m.receivedAt, keys)));
    const threads = computeThreads(inputs);
    const roadmap = picked.filter((m) => m.name.startsWith('thread-roadmap'));
    const lunch = picked.filter((m) => m.name.startsWith('thread-lunch'));
    expect(roadmap.length).toBeGreaterThan(5);
    expect(new Set(roadmap.map((m) => threads.get(m.name)!.threadKey))).toEqual(new Set(['thread-roadmap-01']));
    expect(threads.get('thread-roadmap-05')!.size).toBe(roadmap.length);
    expect(new Set(lunch.map((m) => threads.get(m.name)!.threadKey))).toEqual(new Set(['thread-lunch-01']));
    for (const m of picked.filter((p) => p.name.startsWith('plain-'))) {
      expect(threads.get(m.name)!.threadKey).toBe(m.name);
    }
  });

  it('joins a reply without References by subject within the window, not a same-subject notice', async () => {
    const keys = new IndexKeys(randomBytes(32));
    const plain = await readFile(new URL('../mime/fixtures/plain.eml', import.meta.url));
    const original = await inputOf('orig', plain, new Date('2026-01-01T00:00:00Z'), keys);
    const subjectOf = (s: string) => ({ subject: keys.threadHash('subject', s) });
    const base = { id: null, refs: [] };
    const rows: ThreadInput[] = [
      { ...original, ...subjectOf('printer broken') },
      { key: 'reply', receivedAt: Date.parse('2026-01-02T00:00:00Z'), ...base, ...subjectOf('printer broken'), reply: true },
      { key: 'late', receivedAt: Date.parse('2026-06-01T00:00:00Z'), ...base, ...subjectOf('printer broken'), reply: true },
      { key: 'notice', receivedAt: Date.parse('2026-01-03T00:00:00Z'), ...base, ...subjectOf('printer broken'), reply: false },
    ];
    const t = computeThreads(rows);
    expect(t.get('reply')!.threadKey).toBe('orig');
    expect(t.get('notice')!.threadKey).toBe('notice');
    expect(t.get('late')!.threadKey).toBe('late');
  });
});
