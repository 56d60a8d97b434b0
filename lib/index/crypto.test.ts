import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IndexKeys, rowAad } from './crypto';
import { hasReplyPrefix, threadSubject, wordsOf } from './words';

const keys = () => new IndexKeys(randomBytes(32));

describe('sealed rows', () => {
  it('open under the same key and additional data only', () => {
    const k = keys();
    const aad = rowAad('bucket', 'inbox/abc', '"etag1"');
    const sealed = k.sealRow(Buffer.from('{"subject":"Quarterly numbers"}'), aad);
    expect(sealed.includes(Buffer.from('Quarterly'))).toBe(false);
    expect(k.openRow(sealed, aad)?.toString()).toBe('{"subject":"Quarterly numbers"}');
    // Moved to another object, another version of it, or another mailbox's key: refused.
    expect(k.openRow(sealed, rowAad('bucket', 'inbox/abd', '"etag1"'))).toBeNull();
    expect(k.openRow(sealed, rowAad('bucket', 'inbox/abc', '"etag2"'))).toBeNull();
    expect(k.openRow(sealed, rowAad('other', 'inbox/abc', '"etag1"'))).toBeNull();
    expect(keys().openRow(sealed, aad)).toBeNull();
    const flipped = Buffer.from(sealed);
    flipped[20]! ^= 1;
    expect(k.openRow(flipped, aad)).toBeNull();
    expect(k.openRow(sealed.subarray(0, 10), aad)).toBeNull();
  });

  it('use a fresh nonce each time', () => {
    const k = keys();
    expect(k.sealRow(Buffer.from('x'), 'a').equals(k.sealRow(Buffer.from('x'), 'a'))).toBe(false);
  });
});

describe('blind-index tokens', () => {
  it('normalise words: NFKC, case, diacritics, a length cap', () => {
    expect([...wordsOf('Réunion RÉUNION reunion ﬁle Ｆｕｌｌ')]).toEqual(['reunion', 'file', 'full']);
    expect([...wordsOf('alice@example.com, re: "Q3"')]).toEqual(['alice', 'example', 'com', 're', 'q3']);
    expect([...wordsOf('a'.repeat(500))][0]).toHaveLength(64);
    expect([...wordsOf('one two three', 2)]).toEqual(['one', 'two']);
  });

  it('give the same word the same token under one key, and different tokens per key and field', () => {
    const a = keys();
    const b = keys();
    expect(a.token('b', 'invoice')).toBe(a.token('b', 'invoice'));
    expect(a.token('b', 'invoice')).not.toBe(a.token('b', 'invoices'));
    expect(a.token('b', 'invoice')).not.toBe(a.token('s', 'invoice'));
    expect(a.token('b', 'invoice')).not.toBe(b.token('b', 'invoice'));
    expect(/^-?\d+$/.test(a.token('b', 'invoice'))).toBe(true);
    expect(a.person('sub-1').equals(a.person('sub-1'))).toBe(true);
    expect(a.person('sub-1').equals(b.person('sub-1'))).toBe(false);
  });
});

describe('thread subjects', () => {
  it('strip reply prefixes and list tags', () => {
    expect(threadSubject('Re: RE: Fwd: Q3 roadmap review')).toBe('q3 roadmap review');
    expect(threadSubject('AW: [support] Drucker defekt')).toBe('drucker defekt');
    expect(threadSubject('Re[2]: Hello')).toBe('hello');
    expect(hasReplyPrefix('Re: Hello')).toBe(true);
    expect(hasReplyPrefix('Reply needed')).toBe(false);
  });
});
