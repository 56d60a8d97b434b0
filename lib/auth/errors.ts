import 'server-only';

/** No session, an expired one, or credentials that can no longer be renewed: sign in again (HTTP 401). */
export class UnauthorizedError extends Error {
  readonly status = 401;
  constructor(message = 'Please sign in.') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Signed in, but this person may not read that mailbox, or AWS refused them (HTTP 403). */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message = 'You may not read this mailbox.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
