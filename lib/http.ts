import 'server-only';
import { ForbiddenError, UnauthorizedError } from '@/lib/auth/errors';
import { EnvelopeError, type EnvelopeErrorCode } from '@/lib/envelope/errors';
import { StoreError, type StoreErrorCode } from '@/lib/mailstore/store-errors';
import { QueryError } from '@/lib/mime/search';
import { IndexUnavailableError } from '@/lib/index/errors';
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { tracked } from '@/lib/lifecycle';
import { log } from '@/lib/log';

// The one place that turns typed errors into HTTP statuses and words for the reader. AWS, parser
// and stack text never reach the browser: unknown errors become a generic 500.

export class NotFoundError extends Error {
  constructor(message = 'There is nothing here.') {
    super(message);
    this.name = 'NotFoundError';
  }
}

const ENVELOPE_STATUS: Record<EnvelopeErrorCode, number> = {
  'unsupported-algorithm': 422,
  'malformed-metadata': 422,
  'context-mismatch': 422,
  'authentication-failed': 422,
  'key-commitment-mismatch': 422,
  'kms-access-denied': 403,
  'kms-key-disabled': 409,
  'kms-unavailable': 503,
};

const STORE_STATUS: Record<StoreErrorCode, number> = {
  'not-found': 404,
  'access-denied': 403,
  // A key that could leave the mailbox prefix is refused like any other foreign object.
  'invalid-key': 403,
  unavailable: 503,
};

export interface HttpProblem {
  status: number;
  code: string;
  message: string;
}

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof UnauthorizedError) return { status: 401, code: 'unauthorized', message: err.message };
  if (err instanceof ForbiddenError) return { status: 403, code: 'forbidden', message: err.message };
  if (err instanceof NotFoundError) return { status: 404, code: 'not-found', message: err.message };
  if (err instanceof EnvelopeError) return { status: ENVELOPE_STATUS[err.code], code: err.code, message: err.message };
  if (err instanceof StoreError) return { status: STORE_STATUS[err.code], code: err.code, message: err.message };
  if (err instanceof QueryError) return { status: 400, code: 'bad-query', message: err.message };
  if (err instanceof IndexUnavailableError) return { status: 503, code: 'index-unavailable', message: err.message };
  if (err instanceof ZodError) return { status: 400, code: 'bad-request', message: 'The request is not valid.' };
  return { status: 500, code: 'internal', message: 'Something went wrong on the server. Try again; if it persists, tell your administrator.' };
}

/** JSON error response for route handlers: `{ error, code }`, never cached. */
export function errorResponse(err: unknown): Response {
  const p = toProblem(err);
  if (p.status === 500) log().error({ event: 'error', error: err instanceof Error ? err.name : typeof err }, 'unexpected error in a route handler');
  return Response.json({ error: p.message, code: p.code }, { status: p.status, headers: { 'cache-control': 'no-store' } });
}

/** What a handler tells the request log about itself (never content, tokens or keys). */
export interface RequestNote {
  person?: string;
  mailbox?: string;
  key?: string;
}

/**
 * Wraps a route handler: typed errors become their status and words (lib/http), and every
 * request leaves one JSON log line: request id, person, mailbox, object key, status, duration.
 */
export function apiRoute<P>(handler: (req: Request, params: P, note: RequestNote) => Promise<Response>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = /^[\w-]{8,64}$/.test(req.headers.get('x-request-id') ?? '') ? req.headers.get('x-request-id')! : randomUUID();
    const note: RequestNote = {};
    let res: Response;
    try {
      res = await tracked(async () => handler(req, await context.params, note));
    } catch (err) {
      res = errorResponse(err);
    }
    res.headers.set('x-request-id', requestId);
    log().info(
      { event: 'request', requestId, method: req.method, path: new URL(req.url).pathname, status: res.status, ms: Math.round(performance.now() - started), ...note },
      'request',
    );
    return res;
  };
}
