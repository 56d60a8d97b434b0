// The first message of a worker thread of lib/worker-pool/pool.ts: its modules are loaded and it
// takes tasks. Its own module so a worker can import it without the pool.
export const READY = 'sesame-worker-ready';
