import 'server-only';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

// Retries with exponential backoff and full jitter on throttling, 5xx and transient network
// errors. Unlike the SDK's standard strategy there is no shared retry quota: a long-lived server
// under a steady fault rate would drain it and then stop retrying at all. Storms stay bounded by
// the attempt limit and by Sesame's own concurrency limits toward S3 and KMS.

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

class Token implements RetryToken {
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

export class JitteredRetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly maxAttempts = 4,
    private readonly baseMs = 100,
    private readonly capMs = 3_000,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const next = token.getRetryCount() + 1;
    if (next >= this.maxAttempts || !RETRYABLE.has(info.errorType)) throw new Error('no more retries');
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** next);
    const retryAfter = info.retryAfterHint ? Math.max(0, info.retryAfterHint.getTime() - Date.now()) : 0;
    return new Token(next, Math.max(retryAfter, Math.floor(this.random() * ceiling)));
  }

  recordSuccess(): void {}
}
