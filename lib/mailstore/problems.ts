import 'server-only';
import { EnvelopeError } from '@/lib/envelope/errors';
import type { MessageProblem } from '@/lib/types';
import { StoreError } from './store-errors';

/** A per-message failure in words for the reader. Unknown errors never pass their text through. */
export function problemOf(err: unknown): MessageProblem {
  if (err instanceof EnvelopeError) return { code: err.code, message: err.message };
  if (err instanceof StoreError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'This message could not be read because of an unexpected error. Try again; if it persists, tell your administrator.' };
}
