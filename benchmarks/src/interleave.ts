/** One contender in an interleaved comparison: a name and how to take one sample of it. */
export interface Contender {
  readonly name: string;
  /** Takes one round's sample; lower is better (ns/op, ms). */
  readonly sample: () => Promise<number>;
}

/** Every round's sample of one contender, with the median and the spread. */
export interface Samples {
  readonly name: string;
  readonly rounds: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function summarize(name: string, rounds: readonly number[]): Samples {
  return {
    name,
    rounds,
    median: median(rounds),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
  };
}

/**
 * Samples every contender once per round in the same order (A B C A B C …), after one warm-up
 * round that is thrown away, so drift in machine load falls on all of them alike.
 */
export async function interleave(
  contenders: readonly Contender[],
  rounds: number,
): Promise<Samples[]> {
  const taken = contenders.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      const value = await contender.sample();
      if (round >= 0) taken[i]!.push(value);
    }
  }
  return contenders.map((contender, i) => summarize(contender.name, taken[i]!));
}

/**
 * A contender against the baseline, round by round: the median of the per-round ratios and
 * their spread. `higherIsBetter` turns time ratios into throughput ratios (baseline / candidate).
 */
export function ratioTo(
  candidate: Samples,
  baseline: Samples,
  higherIsBetter = false,
): { median: number; min: number; max: number } {
  const ratios = candidate.rounds.map((value, i) =>
    higherIsBetter ? baseline.rounds[i]! / value : value / baseline.rounds[i]!,
  );
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Times `iterations` calls of `op`, by `concurrency` callers at once; returns ns per call. */
export async function timeOps(
  op: (i: number) => unknown,
  iterations: number,
  concurrency = 1,
): Promise<number> {
  const started = process.hrtime.bigint();
  if (concurrency === 1) {
    for (let i = 0; i < iterations; i++) await op(i);
  } else {
    let next = 0;
    const worker = async () => {
      while (next < iterations) await op(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return Number(process.hrtime.bigint() - started) / iterations;
}
