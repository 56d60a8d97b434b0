import 'server-only';
import { parentPort } from 'node:worker_threads';
import { READY } from '../worker-pool/protocol';
import { sanitizeEmailHtml, type SanitizedHtml } from './sanitize';

// Runs inside a worker thread of lib/mime/sanitize-pool.ts: DOMPurify on jsdom is synchronous and
// costs seconds per megabyte, which must never hold up the server's event loop.

export interface SanitizeTask {
  html: string;
  allowRemote: boolean;
  /** cid:X becomes cidPrefix + encodeURIComponent(X) (a function cannot cross threads). */
  cidPrefix: string;
  /** An allowed remote URL U becomes remotePrefix + encodeURIComponent(U); unchanged without one. */
  remotePrefix?: string;
}

type Reply = { ok: true; value: SanitizedHtml } | { ok: false; error: string };

parentPort?.on('message', (task: SanitizeTask) => {
  let reply: Reply;
  try {
    const value = sanitizeEmailHtml(task.html, {
      allowRemote: task.allowRemote,
      cidUrl: (cid) => `${task.cidPrefix}${encodeURIComponent(cid)}`,
      remoteUrl: task.remotePrefix === undefined ? undefined : (url) => `${task.remotePrefix}${encodeURIComponent(url)}`,
    });
    reply = { ok: true, value };
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});

// The first sanitize builds DOMPurify's jsdom window: do it before saying ready, so that cost is
// never counted against a message's time limit.
sanitizeEmailHtml('<p>ready</p>', { allowRemote: false, cidUrl: () => null });
parentPort?.postMessage(READY);
