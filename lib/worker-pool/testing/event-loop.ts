// Beside the worker-pool tests: a 10 ms timer that records how often it fired and the longest gap
// between two firings — what a long synchronous task on the event loop would stretch to seconds.

export interface EventLoopProbe {
  /** Stops the timer and returns what it saw. */
  stop(): { ticks: number; worstGap: number };
}

export function probeEventLoop(intervalMs = 10): EventLoopProbe {
  let ticks = 0;
  let worstGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { ticks, worstGap };
    },
  };
}
