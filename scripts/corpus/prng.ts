// Deterministic randomness: every value in the corpus comes from a seed, never from the clock.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
  chance(p: number): boolean;
}

/** FNV-1a, 32 bit: turns a name into a seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function rngFrom(seed: number | string): Rng {
  let a = typeof seed === 'string' ? hash32(seed) : seed >>> 0;
  // mulberry32
  const next32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => next32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = next32() & 0xff;
      return out;
    },
    chance: (p) => next() < p,
  };
}

/**
 * Many megabytes of pseudo-random bytes, fast (xorshift128 over 32-bit words).
 * Incompressible, so a large attachment really is as large on the wire.
 */
export function pseudoRandomBytes(length: number, seed: number | string): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = typeof seed === 'string' ? hash32(seed) : seed >>> 0;
  let y = 362436069;
  let z = 521288629;
  let w = 88675123 ^ x;
  if ((x | y | z | w) === 0) x = 1;
  for (let i = 0; i < words.length; i++) {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    words[i] = w;
  }
  return Buffer.from(words.buffer, 0, length);
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/**
 * An id shaped like the ones SES gives inbound mail (the S3 object key and the SMTP id in
 * its Received header): 28 characters of lower-case base32hex. SES encodes 17 bytes whose
 * last one is zero, which is why real ids end in "00" after a character from [048cgkos].
 */
export function sesMessageId(seed: string): string {
  const rng = rngFrom(`ses-id:${seed}`);
  const bytes = Buffer.concat([rng.bytes(16), Buffer.alloc(1)]);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}
