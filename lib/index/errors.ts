import 'server-only';

/** The index cannot answer (database down, key refused): callers fall back to direct reads. */
export class IndexUnavailableError extends Error {
  constructor(message = 'The mailbox index is not available right now. Try again in a minute.') {
    super(message);
    this.name = 'IndexUnavailableError';
  }
}
