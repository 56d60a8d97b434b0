import 'server-only';

// Bounds for hostile input. Mail is written by strangers: a message that crosses one of these is
// shown as "too complex" with a Raw download instead of costing the server seconds or gigabytes.

export interface MimeLimits {
  /** Largest message accepted at all (SES accepts up to 40 MB, base64 included). */
  maxBytes: number;
  /** Deepest multipart nesting. Real mail rarely goes past 5. */
  maxDepth: number;
  /** Most MIME parts in one message. */
  maxParts: number;
  /** Most header fields in one header block. */
  maxHeaders: number;
  /** Largest header block of one part, in bytes. */
  maxHeaderBytes: number;
  /** Most encoded bytes of text/plain and text/html bodies decoded for display, all parts together. */
  maxTextBytes: number;
  /** Wall-clock budget for one parse. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<MimeLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 20,
  maxParts: 500,
  maxHeaders: 2000,
  maxHeaderBytes: 512 * 1024,
  maxTextBytes: 8 * 1024 * 1024,
  timeoutMs: 5000,
});

export function resolveLimits(overrides?: Partial<MimeLimits>): MimeLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** Thrown inside the parser when a limit is crossed; callers turn it into `tooComplex`. */
export class TooComplexError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TooComplexError';
  }
}

/** A deadline checked from inside loops: a timer cannot fire while synchronous code runs. */
export class Deadline {
  private readonly at: number;
  constructor(ms: number) {
    this.at = Date.now() + ms;
  }
  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }
  check(): void {
    if (Date.now() >= this.at) throw new TooComplexError('parsing took too long');
  }
}
