import { expect, it } from 'vitest';

// Measures whether a step's cost grows linearly with its input: the step runs on an input of size
// n and of size 10n, best of several runs each, and the per-byte cost at 10n is compared with the
// per-byte cost at n. Linear work gives a ratio near 1; quadratic work gives about 10.
//
// Built to hold on a loaded shared machine: CPU time rather than wall time, the minimum of several
// timings (noise only ever adds time), n grown until one run takes a few milliseconds (timer
// resolution and call overhead vanish; a step still cheaper than that at the largest n is timed
// over several calls), an early stop as soon as one run at 10n is within the bound, and up to
// three full measurements before a case is called super-linear. SESAME_LINEAR_REPORT=1 prints
// the figures of every case (and then times every run, without the early stop).

/** The 32 ASCII punctuation characters, brackets included. */
export const PUNCTUATION: readonly string[] = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

export interface Growth {
  /** Input size parameter at the small measurement. */
  n: number;
  /** Best time of one call at n, ms. */
  small: number;
  /** Best time of one call at 10n, ms. */
  large: number;
  /** Per-byte cost at 10n over per-byte cost at n. */
  ratio: number;
  /** Cost per byte (or per unit of n) at 10n, in nanoseconds. */
  nsPerByte: number;
}

export interface GrowthOptions {
  /** Starting n; doubled until one run takes `minMs`. */
  n?: number;
  minMs?: number;
  /** Never calibrate past this n (10n is then the largest input made). */
  maxN?: number;
  runs?: number;
  /** The largest acceptable ratio. */
  bound?: number;
  /** A cost per byte at 10n below which the ratio is not judged (see `isLinear`). */
  floorNs?: number;
}

type Step<I> = (input: I) => unknown;

const DEFAULTS: Required<GrowthOptions> = { n: 1000, minMs: 2, maxN: 50_000, runs: 5, bound: 3, floorNs: 5 };

function sizeOf(input: unknown, n: number): number {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return input.length;
  return n;
}

// CPU time of this process, not wall time: on a machine shared by many jobs a long run is
// preempted more often than a short one, which by itself makes wall-clock cost per byte grow
// with the input. CPU time also counts the garbage collector's helper threads, which is real cost.
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timeOnce<I>(run: Step<I>, input: I, reps: number): Promise<number> {
  const start = cpuMs();
  for (let i = 0; i < reps; i++) {
    const result = run(input);
    if (result instanceof Promise) await result;
  }
  return cpuMs() - start;
}

async function best<I>(run: Step<I>, input: I, reps: number, runs: number, stopBelow = 0): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    min = Math.min(min, await timeOnce(run, input, reps));
    if (min <= stopBelow) break;
  }
  return min;
}

async function measureOnce<I>(make: (n: number) => I, run: Step<I>, opts: Required<GrowthOptions>): Promise<Growth> {
  let n = opts.n;
  let input = make(n);
  await best(run, input, 1, 2); // warm-up: compile the code paths before timing them
  let small = await best(run, input, 1, 2);
  while (small < opts.minMs && n * 2 <= opts.maxN) {
    n *= 2;
    input = make(n);
    small = await best(run, input, 1, 2);
  }
  // Past maxN a cheap step is repeated rather than fed more: inputs of many megabytes fall out of
  // the CPU caches and make the per-byte cost look worse for reasons that are not the algorithm.
  let reps = 1;
  while (small * reps < opts.minMs && reps < 1 << 16) reps *= 2;
  const largeReps = Math.max(1, Math.round(reps / 10));
  small = Math.max(await best(run, input, reps, opts.runs), 0.001) / reps;
  const smallBytes = sizeOf(input, n);
  const bigInput = make(n * 10);
  const scale = sizeOf(bigInput, n * 10) / smallBytes;
  // The report wants the real figure, not the first one under the bound.
  const stopBelow = process.env.SESAME_LINEAR_REPORT === '1' ? 0 : opts.bound * scale * small * largeReps;
  const large = (await best(run, bigInput, largeReps, opts.runs, stopBelow)) / largeReps;
  const bigBytes = sizeOf(bigInput, n * 10);
  return { n, small, large, ratio: large / scale / small, nsPerByte: (large * 1e6) / bigBytes };
}

/**
 * Linear enough: the per-byte cost at 10n within `bound` times the one at n, or so low in absolute
 * terms that no super-linear algorithm could produce it. A step that only scans its input (a
 * string search, a decoder's fast path) costs well under a nanosecond per byte; its per-byte cost
 * still rises a few times between n and 10n once the input outgrows the CPU caches or the young
 * generation, which is hardware, not the algorithm. Only cheap steps reach the large n where that
 * shows, and quadratic work on inputs of that size costs microseconds per byte, not nanoseconds.
 */
export function isLinear(g: Growth, options: GrowthOptions = {}): boolean {
  return g.ratio <= (options.bound ?? DEFAULTS.bound) || g.nsPerByte <= (options.floorNs ?? DEFAULTS.floorNs);
}


/** Per-byte cost growth of `run` from make(n) to make(10n); see the file comment. */
export async function measureGrowth<I>(make: (n: number) => I, run: Step<I>, options: GrowthOptions = {}): Promise<Growth> {
  const opts: Required<GrowthOptions> = { ...DEFAULTS, ...options };
  let best = await measureOnce(make, run, opts);
  for (let attempt = 1; attempt < 3 && !isLinear(best, opts); attempt++) {
    const again = await measureOnce(make, run, opts);
    if (again.ratio < best.ratio) best = again;
  }
  return best;
}

export interface LinearCase<I> {
  name: string;
  make: (n: number) => I;
}

/** One case per punctuation character: a run of it, n long, placed by `wrap`. */
export function punctuationRuns<I>(wrap: (run: string) => I, where = ''): LinearCase<I>[] {
  const suffix = where ? ` ${where}` : '';
  return PUNCTUATION.map((c) => ({ name: `a run of ${JSON.stringify(c)}${suffix}`, make: (n: number) => wrap(c.repeat(n)) }));
}

/** `unit` repeated to about n characters. */
export function repeatTo(unit: string, n: number): string {
  return unit.repeat(Math.max(1, Math.ceil(n / unit.length)));
}

/** `open` n/2 times then `close` n/2 times: nesting about n/2 deep. */
export function nested(open: string, close: string, n: number): string {
  const depth = Math.max(1, Math.ceil(n / (open.length + close.length)));
  return open.repeat(depth) + close.repeat(depth);
}

// Figures for the report: SESAME_LINEAR_REPORT=1 prints one line per case.
export function report(step: string, name: string, g: Growth): void {
  if (process.env.SESAME_LINEAR_REPORT !== '1') return;
  console.log(`LINEAR\t${step}\t${name}\tn=${g.n}\t${g.small.toFixed(3)}ms\t${g.large.toFixed(3)}ms\t${g.nsPerByte.toFixed(1)}ns/B\tratio=${g.ratio.toFixed(2)}`);
}

/** One test per case: the per-byte cost of `run` at 10n stays within `bound` × its cost at n. */
export function itRunsInLinearTime<I>(step: string, cases: readonly LinearCase<I>[], run: Step<I>, options: GrowthOptions = {}): void {
  for (const c of cases) {
    it(`${step}: ${c.name}`, async () => {
      const g = await measureGrowth(c.make, run, options);
      report(step, c.name, g);
      const figures = `n=${g.n}: ${g.small.toFixed(3)} ms, 10n: ${g.large.toFixed(3)} ms, per-byte ratio ${g.ratio.toFixed(2)}, ${g.nsPerByte.toFixed(1)} ns/byte at 10n`;
      expect(isLinear(g, options), `${step}, ${c.name} (${figures})`).toBe(true);
    }, 120_000);
  }
}
