import 'server-only';

// One typed error per cause. Messages name what happened and what to do; they never carry key
// material, plaintext or raw AWS error text.

export type EnvelopeErrorCode =
  | 'unsupported-algorithm'
  | 'malformed-metadata'
  | 'not-encrypted'
  | 'context-mismatch'
  | 'kms-access-denied'
  | 'kms-key-mismatch'
  | 'kms-key-disabled'
  | 'kms-unavailable'
  | 'authentication-failed'
  | 'key-commitment-mismatch';

export abstract class EnvelopeError extends Error {
  abstract readonly code: EnvelopeErrorCode;
  /** Whether trying again later may succeed (throttling, network). */
  readonly retryable: boolean = false;
}

export class UnsupportedAlgorithmError extends EnvelopeError {
  readonly code = 'unsupported-algorithm';
  constructor(what: string) {
    super(`This message uses an encryption algorithm Sesame does not accept (${what}).`);
    this.name = 'UnsupportedAlgorithmError';
  }
}

export class MalformedMetadataError extends EnvelopeError {
  readonly code = 'malformed-metadata';
  constructor(what: string) {
    super(`The message's encryption metadata is malformed: ${what}.`);
    this.name = 'MalformedMetadataError';
  }
}

/** A plain object (no envelope, no instruction file) in a mailbox that accepts only encrypted mail. */
export class NotEncryptedError extends EnvelopeError {
  readonly code = 'not-encrypted';
  constructor() {
    super(
      'This object is not encrypted, but this mailbox accepts only mail that SES stored encrypted with KMS, ' +
        'so it is not shown: anything that can write into the mailbox could have put it there. ' +
        'If this mailbox is meant to hold plain mail, an administrator can set requireEncryption to false for it.',
    );
    this.name = 'NotEncryptedError';
  }
}

export class ContextMismatchError extends EnvelopeError {
  readonly code = 'context-mismatch';
  constructor(what: string) {
    super(`The message's encryption context does not match: ${what}.`);
    this.name = 'ContextMismatchError';
  }
}

export class KmsAccessDeniedError extends EnvelopeError {
  readonly code = 'kms-access-denied';
  constructor(readonly keyId: string | undefined) {
    super(
      `Your role may not use KMS key ${keyId ?? '(the key named in the message)'}: ` +
        `it needs kms:Decrypt on that key, allowed both by the key policy and by your IAM policy ` +
        `(in the key's region, with the message's encryption context).`,
    );
    this.name = 'KmsAccessDeniedError';
  }
}

/** KMS decrypted the data key with a key other than the mailbox's pinned one. */
export class KmsKeyMismatchError extends EnvelopeError {
  readonly code = 'kms-key-mismatch';
  constructor(
    readonly pinned: string,
    readonly reported: string | undefined,
  ) {
    super(
      `This message was encrypted under a KMS key other than the one this mailbox is pinned to (${pinned}), ` +
        `so it is not shown. An administrator can check the SES receipt rule's key and the mailbox's kmsKeyId.`,
    );
    this.name = 'KmsKeyMismatchError';
  }
}

export class KmsKeyDisabledError extends EnvelopeError {
  readonly code = 'kms-key-disabled';
  constructor(readonly keyId: string | undefined) {
    super(
      `KMS key ${keyId ?? '(the key named in the message)'} is disabled or pending deletion, ` +
        `so this message cannot be decrypted. An administrator can enable the key again in KMS.`,
    );
    this.name = 'KmsKeyDisabledError';
  }
}

export class KmsUnavailableError extends EnvelopeError {
  readonly code = 'kms-unavailable';
  override readonly retryable = true;
  constructor(readonly keyId: string | undefined, reason: string) {
    super(`KMS could not decrypt the message's data key right now (${reason}). Try again in a moment.`);
    this.name = 'KmsUnavailableError';
  }
}

export class AuthenticationFailedError extends EnvelopeError {
  readonly code = 'authentication-failed';
  constructor(what = 'the content did not authenticate') {
    super(`This message was altered or truncated after it was stored (${what}); it is not shown.`);
    this.name = 'AuthenticationFailedError';
  }
}

export class KeyCommitmentError extends EnvelopeError {
  readonly code = 'key-commitment-mismatch';
  constructor() {
    super('This message was altered after it was stored (key commitment mismatch); it is not shown.');
    this.name = 'KeyCommitmentError';
  }
}
