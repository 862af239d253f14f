import { type Measurement, type MeasureOptions, measure } from './harness.js';

/** Switches something on for the candidate's rounds and returns how to switch it off. */
export type Activate = () => () => void;

/**
 * `op` with `activate` on (candidate) against `op` without it (baseline), alternating round by
 * round as `compare` does, on only for the candidate's rounds; the median of each side.
 */
export async function compareActive(
  op: (i: number) => unknown,
  activate: Activate,
  run: MeasureOptions,
): Promise<{ candidate: Measurement; baseline: Measurement }> {
  const candidate: Measurement[] = [];
  const baseline: Measurement[] = [];
  for (let round = 0; round < (run.rounds ?? 7); round++) {
    baseline.push(await measure(op, { ...run, rounds: 1 }));
    const deactivate = activate();
    try {
      candidate.push(await measure(op, { ...run, rounds: 1 }));
    } finally {
      deactivate();
    }
  }
  const median = (list: Measurement[]) =>
    [...list].sort((x, y) => x.nsPerOp - y.nsPerOp)[Math.floor(list.length / 2)]!;
  return { candidate: median(candidate), baseline: median(baseline) };
}
