import 'server-only';

export type StoreErrorCode = 'not-found' | 'access-denied' | 'unavailable' | 'invalid-key';

/** A store failure in words fit for a user: which permission, which object, what to do. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'StoreError';
  }

  static fromS3(err: unknown, action: string, where: string): StoreError {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
    const name = e?.name ?? '';
    const status = e?.$metadata?.httpStatusCode;
    if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) {
      return new StoreError('not-found', `There is no object ${where}.`);
    }
    if (name === 'NoSuchBucket') return new StoreError('not-found', `The bucket of ${where} does not exist (check the mailbox settings).`);
    if (name === 'AccessDenied' || name === 'AllAccessDisabled' || status === 403) {
      return new StoreError('access-denied', `Your role may not read ${where}: it needs ${action} on it (IAM policy and bucket policy).`);
    }
    if (name === 'ExpiredToken' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
      return new StoreError('access-denied', `S3 did not accept the AWS credentials for ${where}; sign in again.`);
    }
    if (name === 'SlowDown' || status === 503 || (status !== undefined && status >= 500)) {
      return new StoreError('unavailable', `S3 is busy or failing for ${where}; try again in a moment.`, true);
    }
    return new StoreError('unavailable', `S3 could not be reached for ${where}${name ? ` (${name})` : ''}.`, true);
  }
}
