import 'server-only';
import type { SessionToken } from './token';

// The decrypted session token behind a UserContext, kept out of the context object itself so that
// passing a context to a component or JSON.stringify can never carry a token along.
const secrets = new WeakMap<object, SessionToken>();

export function attachSessionToken(ctx: object, token: SessionToken): void {
  secrets.set(ctx, token);
}

export function sessionTokenOf(ctx: object): SessionToken | undefined {
  return secrets.get(ctx);
}
