import 'server-only';
import { parentPort } from 'node:worker_threads';
import { READY } from '../worker-pool/protocol';
import { BlindHasher } from './crypto';
import { indexedRow, type IndexedRow } from './extract';

// Runs inside a worker thread of lib/index/extract-pool.ts: mailparser, htmlToText and up to
// ~20,000 HMACs per message are synchronous work of up to seconds, which must never hold up the
// server's event loop.

export interface ExtractTask {
  /** The whole decrypted message, in its own ArrayBuffer (transferred; zeroed here after use). */
  raw: Uint8Array;
  /** IndexKeys.blindKeys(), transferred and zeroed here after use. */
  tokens: Uint8Array;
  threads: Uint8Array;
  encrypted: boolean;
}

type Reply = { ok: true; value: IndexedRow } | { ok: false; error: string };

parentPort?.on('message', (task: ExtractTask) => {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  let work: Promise<IndexedRow>;
  try {
    work = indexedRow(raw, new BlindHasher({ tokens: task.tokens, threads: task.threads }), task.encrypted);
  } catch (err) {
    work = Promise.reject(err);
  }
  work
    .then(
      (value): Reply => ({ ok: true, value }),
      (err: unknown): Reply => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    )
    .then((reply) => {
      raw.fill(0);
      task.tokens.fill(0);
      task.threads.fill(0);
      parentPort?.postMessage(reply);
    });
});

// One small message before saying ready: mailparser loads parts of itself on first use, and that
// cost is never counted against a message's time limit.
const WARM = Buffer.from('From: a@example.com\r\nSubject: ready\r\nContent-Type: text/html\r\n\r\n<p>ready</p>\r\n');
void indexedRow(WARM, new BlindHasher({ tokens: new Uint8Array(32), threads: new Uint8Array(32) }), false)
  .catch(() => undefined)
  .then(() => parentPort?.postMessage(READY));
