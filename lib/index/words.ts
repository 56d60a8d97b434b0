import 'server-only';

// Words for the blind index and for queries over it: the same normalisation on both sides.
// NFKC first (full-width and ligature forms become plain letters), then diacritics folded
// (NFKD without marks: é → e), lower-case, split on anything that is not a letter or a digit.

/** Longer words are cut: a word of 10,000 letters is as findable by its first 64. */
export const MAX_WORD_CHARS = 64;

const WORD = /[\p{L}\p{N}]+/gu;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Distinct normalised words of `text`, in first-seen order, at most `limit` of them. */
export function wordsOf(text: string, limit = Number.MAX_SAFE_INTEGER, into: Set<string> = new Set()): Set<string> {
  for (const m of normalizeText(text).matchAll(WORD)) {
    if (into.size >= limit) break;
    const word = m[0].length > MAX_WORD_CHARS ? m[0].slice(0, MAX_WORD_CHARS) : m[0];
    into.add(word);
  }
  return into;
}

// Reply and forward prefixes in the languages mail clients most often write them, repeated or
// numbered ("Re[2]:", "RE: Fwd: AW:").
const REPLY_PREFIX = /^\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rif|réf|ref|antw|odp|vl|res|enc)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+/iu;

/** The subject a conversation keeps: reply prefixes and [list] tags are not part of it. */
export function threadSubject(subject: string): string {
  let s = subject;
  for (let i = 0; i < 10; i++) {
    const next = s.replace(REPLY_PREFIX, '').replace(/^\s*\[[^\]]{1,40}\]\s*/u, '');
    if (next === s) break;
    s = next;
  }
  return [...wordsOf(s)].join(' ');
}

export function hasReplyPrefix(subject: string): boolean {
  return REPLY_PREFIX.test(subject.replace(/^\s*\[[^\]]{1,40}\]\s*/u, ''));
}
