import 'server-only';
import { Worker } from 'node:worker_threads';
import { settingsSchema } from '@/lib/config';
import { log } from '@/lib/log';
import { processWide } from '@/lib/process-wide';
import { WorkerPool, WorkerTimeoutError } from '@/lib/worker-pool/pool';
import { precheckHtml, simplified, type SanitizedHtml } from './sanitize';
import type { SanitizeTask } from './sanitize-worker';
import { workerExecArgv } from '@/lib/worker-pool/exec-argv';

// The server's way to sanitize mail HTML: in a worker thread, never on the event loop, so one
// heavy message cannot stall other readers' requests. Over the time limit the thread is stopped
// and the message is shown as text with a note saying why.

export interface OffThreadOptions {
  allowRemote: boolean;
  /** cid:X images become cidPrefix + encodeURIComponent(X). */
  cidPrefix: string;
  /** Allowed remote URLs U become remotePrefix + encodeURIComponent(U) (see SanitizeOptions.remoteUrl). */
  remotePrefix?: string;
}

export interface SanitizePoolSettings {
  threads: number;
  timeoutMs: number;
}

export function createSanitizePool(settings: SanitizePoolSettings): WorkerPool<SanitizeTask, SanitizedHtml> {
  return new WorkerPool<SanitizeTask, SanitizedHtml>({
    size: settings.threads,
    timeoutMs: settings.timeoutMs,
    // The literal `new Worker(new URL('./x.ts', import.meta.url))` is what Next's bundler
    // recognises: it compiles sanitize-worker.ts and its imports into their own chunk and traces
    // them into the standalone output.
    create: () =>
      new Worker(new URL('./sanitize-worker.ts', import.meta.url), {
        execArgv: workerExecArgv(),
        name: 'sesame-sanitize',
        // jsdom holds the whole document; a runaway message ends its thread, not the server.
        resourceLimits: { maxOldGenerationSizeMb: 768 },
      }),
  });
}

// Only the pool's own two settings: scripts and tests that open messages through the service
// (the bench, the fault tests) have no mailboxes configured. Start-up still checks every setting.
const poolSettings = settingsSchema.pick({ SESAME_SANITIZE_THREADS: true, SESAME_SANITIZE_TIMEOUT_SECONDS: true });

function thePool(): WorkerPool<SanitizeTask, SanitizedHtml> {
  return processWide('sanitize-pool', () => {
    const env = process.env;
    const s = poolSettings.parse({
      SESAME_SANITIZE_THREADS: env.SESAME_SANITIZE_THREADS || undefined,
      SESAME_SANITIZE_TIMEOUT_SECONDS: env.SESAME_SANITIZE_TIMEOUT_SECONDS || undefined,
    });
    return createSanitizePool({ threads: s.SESAME_SANITIZE_THREADS, timeoutMs: s.SESAME_SANITIZE_TIMEOUT_SECONDS * 1000 });
  });
}

/** Sanitizes in a worker thread of `pool` (the process's own by default). */
export async function sanitizeOffThread(
  html: string,
  opts: OffThreadOptions,
  pool: WorkerPool<SanitizeTask, SanitizedHtml> = thePool(),
): Promise<SanitizedHtml> {
  // The checks are linear and take milliseconds: no thread is needed to turn HTML away.
  const turnedAway = precheckHtml(html);
  if (turnedAway) return turnedAway;
  try {
    return await pool.run({ html, allowRemote: opts.allowRemote, cidPrefix: opts.cidPrefix, remotePrefix: opts.remotePrefix });
  } catch (err) {
    if (err instanceof WorkerTimeoutError) {
      log().warn({ chars: html.length, ms: err.ms }, 'sanitizing HTML took too long; shown as text');
      return simplified(html, `making the HTML safe to show took longer than ${Math.round(err.ms / 1000)} seconds`);
    }
    log().error({ chars: html.length, err: err instanceof Error ? err.message : String(err) }, 'sanitizing HTML failed; shown as text');
    return simplified(html, 'the HTML could not be made safe to show');
  }
}
