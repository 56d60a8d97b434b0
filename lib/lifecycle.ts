import 'server-only';

// Graceful shutdown. With NEXT_MANUAL_SIG_HANDLE set (the image sets it), Next leaves SIGTERM to
// us: the replica reports "not ready" at once so the load balancer stops sending new requests,
// lets requests in flight finish, and exits when none is left or when the grace period is over.

let inflight = 0;
let draining = false;

export function isDraining(): boolean {
  return draining;
}

/** Count a request while it runs (route handlers, through apiRoute). */
export async function tracked<T>(work: () => Promise<T>): Promise<T> {
  inflight++;
  try {
    return await work();
  } finally {
    inflight--;
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
  if (draining) return;
  draining = true;
  opts.onDrain?.({ inflight });
  const started = Date.now();
  const settle = opts.settleMs ?? Math.min(2_000, opts.graceMs / 2);
  for (;;) {
    const waited = Date.now() - started;
    if ((inflight === 0 && waited >= settle) || waited >= opts.graceMs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  (opts.exit ?? process.exit)(0);
}

export function installShutdown(opts: Omit<ShutdownOptions, 'exit'>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drain(opts));
}

/** For tests only. */
export function resetLifecycleForTests(): void {
  inflight = 0;
  draining = false;
}
