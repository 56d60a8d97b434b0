import 'server-only';

export type StoreErrorCode = 'not-found' | 'access-denied' | 'unavailable' | 'invalid-key';

/**
 * A store failure. `message` is for the reader: which permission, what to do, and never where the
 * mail is kept (no bucket, key, prefix or local folder: readers need not know, and an attacker
 * should not learn it from an error page). `detail` is for operators (the CLI, doctor, logs) and
 * names the object.
 */
export class StoreError extends Error {
  readonly detail: string;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly retryable = false,
    detail?: string,
  ) {
    super(message);
    this.name = 'StoreError';
    this.detail = detail ?? message;
  }

  static fromS3(err: unknown, action: string, where: string): StoreError {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
    const name = e?.name ?? '';
    const status = e?.$metadata?.httpStatusCode;
    const listing = action === 's3:ListBucket';
    if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) {
      return new StoreError('not-found', 'There is no such message in this mailbox (it may have been deleted).', false, `There is no object ${where}.`);
    }
    if (name === 'NoSuchBucket') {
      return new StoreError('not-found', "This mailbox's storage does not exist; tell your administrator (check the mailbox settings).", false, `The bucket of ${where} does not exist (check the mailbox settings).`);
    }
    if (name === 'AccessDenied' || name === 'AllAccessDisabled' || status === 403) {
      return new StoreError(
        'access-denied',
        `Your role may not ${listing ? 'list this mailbox' : 'read this message'}: it needs ${action} on the mailbox's storage (IAM policy and bucket policy). Ask your administrator.`,
        false,
        `Your role may not read ${where}: it needs ${action} on it (IAM policy and bucket policy).`,
      );
    }
    if (name === 'ExpiredToken' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
      return new StoreError('access-denied', 'S3 did not accept your AWS credentials; sign in again.', false, `S3 did not accept the AWS credentials for ${where}; sign in again.`);
    }
    if (name === 'SlowDown' || status === 503 || (status !== undefined && status >= 500)) {
      return new StoreError('unavailable', 'S3 is busy or failing; try again in a moment.', true, `S3 is busy or failing for ${where}; try again in a moment.`);
    }
    return new StoreError('unavailable', 'S3 could not be reached; try again in a moment.', true, `S3 could not be reached for ${where}${name ? ` (${name})` : ''}.`);
  }
}

/** The words for an operator (CLI, doctor, readiness log): a StoreError's detail, else the message. */
export function operatorText(err: unknown): string {
  if (err instanceof StoreError) return err.detail;
  return err instanceof Error ? err.message : String(err);
}
