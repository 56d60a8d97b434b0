import 'server-only';
import type { TransferListItem, Worker } from 'node:worker_threads';
import { READY } from './protocol';

// A small pool of worker threads with a time limit per task. Hand-written on node:worker_threads
// rather than piscina: Next's bundler (Turbopack) compiles and traces a worker only when it sees
// `new Worker(new URL('./file.ts', import.meta.url))` from node:worker_threads in the module that
// starts it, and piscina loads its workers by file name through its own runner, which the bundler
// cannot follow (the worker would be missing from `.next` and from the standalone output). What
// piscina would add beyond this (task cancellation, histograms) is not needed here.
//
// Protocol: a worker posts READY once its modules are loaded, then answers each task message with
// one { ok, value | error } message. The time limit starts when a ready thread gets the task, so
// a thread's start-up (loading jsdom takes a second or more) is never counted against a message.
//
// A task over its time limit cannot be interrupted inside the thread (it is synchronous code):
// the thread is terminated and a fresh one is started on the next task. A thread keeps the
// process alive only while it runs a task, so an idle pool never holds a process (the CLI, a test
// runner) open, and a script awaiting a task is not ended under it.

export class WorkerTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`the task took longer than ${ms} ms`);
    this.name = 'WorkerTimeoutError';
  }
}

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

export interface WorkerPoolOptions {
  /** Threads at most; they start on demand. */
  size: number;
  /** Milliseconds a task may run in its thread (queueing not counted). */
  timeoutMs: number;
  /** Starts one thread (the caller owns the `new Worker(new URL(...))` the bundler must see). */
  create: () => Worker;
}

interface Task<I, O> {
  input: I;
  transfer?: readonly TransferListItem[];
  resolve: (out: O) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: boolean;
}

type Reply<O> = { ok: true; value: O } | { ok: false; error: string };

export class WorkerPool<I, O> {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task<I, O>[] = [];

  constructor(private readonly opts: WorkerPoolOptions) {
    if (!(opts.size >= 1)) throw new RangeError('a worker pool needs at least one thread');
  }

  /**
   * Runs `input` in a thread. `transfer` (ArrayBuffers of the input) moves to the thread without a
   * copy when the task starts; a task that fails before it starts leaves them with the caller.
   */
  run(input: I, transfer?: readonly TransferListItem[]): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Tasks waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Threads that have started and can take a task now or when their current one ends. */
  get started(): number {
    return [...this.slots].filter((s) => s.ready).length;
  }

  /** Stops every thread; queued tasks fail. */
  async close(): Promise<void> {
    for (const task of this.queue.splice(0)) task.reject(new WorkerFailedError('the pool was closed'));
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  /** Starts the threads now rather than on the first task. */
  warm(): void {
    while (this.slots.size < this.opts.size) this.spawn(false);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => s.ready && !s.busy);
      if (!slot) {
        // Start a thread for each task that no starting thread will take.
        const starting = [...this.slots].filter((s) => !s.ready).length;
        if (starting < this.queue.length && this.slots.size < this.opts.size) this.spawn(true);
        return;
      }
      this.start(slot, this.queue.shift() as Task<I, O>);
    }
  }

  /** `forTask`: a task waits for this thread, which keeps the process alive until it is ready. */
  private spawn(forTask: boolean): Slot {
    const worker = this.opts.create();
    if (!forTask) worker.unref();
    const slot: Slot = { worker, ready: false, busy: false };
    this.slots.add(slot);
    const failed = (why: string) => {
      this.retire(slot);
      // A thread that cannot start says the same for every task: fail them rather than retry.
      for (const task of this.queue.splice(0)) task.reject(new WorkerFailedError(`the worker could not start: ${why}`));
    };
    const onReady = (msg: unknown) => {
      if (msg !== READY) return;
      worker.off('message', onReady);
      worker.off('error', onError);
      worker.off('exit', onExit);
      slot.ready = true;
      worker.unref();
      // A thread that dies while idle leaves the pool; the next task starts a fresh one.
      worker.on('exit', () => this.slots.delete(slot));
      this.dispatch();
    };
    const onError = (err: Error) => failed(err.message);
    const onExit = (code: number) => failed(`exit code ${code}`);
    worker.on('message', onReady);
    worker.on('error', onError);
    worker.on('exit', onExit);
    return slot;
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    slot.worker.removeAllListeners();
    // The thread may be deep in synchronous code: terminate() stops it between two JS operations.
    void slot.worker.terminate().catch(() => undefined);
  }

  private start(slot: Slot, task: Task<I, O>): void {
    slot.busy = true;
    const { worker } = slot;
    worker.ref();
    let settled = false;
    const finish = (fn: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) {
        slot.busy = false;
        worker.unref();
      } else this.retire(slot);
      fn();
      this.dispatch();
    };
    const onMessage = (reply: Reply<O>) =>
      finish(() => (reply.ok ? task.resolve(reply.value) : task.reject(new WorkerFailedError(reply.error))), true);
    const onError = (err: Error) => finish(() => task.reject(new WorkerFailedError(err.message)), false);
    const onExit = (code: number) => finish(() => task.reject(new WorkerFailedError(`the worker stopped (exit code ${code})`)), false);
    const timer = setTimeout(() => finish(() => task.reject(new WorkerTimeoutError(this.opts.timeoutMs)), false), this.opts.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    try {
      worker.postMessage(task.input, task.transfer);
    } catch (err) {
      // Input that cannot cross threads (a function, a pooled Buffer's memory in the transfer list).
      finish(() => task.reject(new WorkerFailedError(`the task could not be sent to the worker: ${err instanceof Error ? err.message : String(err)}`)), true);
    }
  }
}
