import 'server-only';
import { processWide } from '@/lib/process-wide';

// Graceful shutdown. With NEXT_MANUAL_SIG_HANDLE set (the image sets it), Next leaves SIGTERM to
// us: the replica reports "not ready" at once so the load balancer stops sending new requests,
// lets requests in flight finish, and exits when none is left or when the grace period is over.

// Shared by instrumentation (which drains) and the route handlers (which count and report).
const state = processWide('lifecycle', () => ({ inflight: 0, draining: false }));

export function isDraining(): boolean {
  return state.draining;
}

/** Count a request while it runs (route handlers, through apiRoute). */
export async function tracked<T>(work: () => Promise<T>): Promise<T> {
  state.inflight++;
  try {
    return await work();
  } finally {
    state.inflight--;
  }
}

export interface ShutdownOptions {
  graceMs: number;
  /** Time for load balancers to see /api/ready fail before the replica may exit. */
  settleMs?: number;
  exit?: (code: number) => void;
  onDrain?: (state: { inflight: number }) => void;
}

/** Drain then exit; resolves when exit was called (tests inject `exit`). */
export async function drain(opts: ShutdownOptions): Promise<void> {
  if (state.draining) return;
  state.draining = true;
  opts.onDrain?.({ inflight: state.inflight });
  const started = Date.now();
  const settle = opts.settleMs ?? Math.min(2_000, opts.graceMs / 2);
  for (;;) {
    const waited = Date.now() - started;
    if ((state.inflight === 0 && waited >= settle) || waited >= opts.graceMs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  (opts.exit ?? process.exit)(0);
}

export function installShutdown(opts: Omit<ShutdownOptions, 'exit'>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drain(opts));
}

/** For tests only. */
export function resetLifecycleForTests(): void {
  state.inflight = 0;
  state.draining = false;
}
