/** One measured operation: how long one call takes when run back to back, or by `concurrency` callers. */
export interface Measurement {
  readonly nsPerOp: number;
  readonly opsPerSec: number;
}

export interface MeasureOptions {
  /** Calls per round. */
  readonly iterations: number;
  /** Callers running at once; each awaits its previous call before the next. @default 1 */
  readonly concurrency?: number;
  /** Rounds; the median round is reported. @default 7 */
  readonly rounds?: number;
}

/**
 * Times `op` and reports the median round, after a warm-up round. Sequential when concurrency is 1;
 * otherwise `concurrency` loops share the iterations and throughput is total calls / wall time.
 */
export async function measure(
  op: (i: number) => unknown,
  options: MeasureOptions,
): Promise<Measurement> {
  const rounds = options.rounds ?? 7;
  const concurrency = options.concurrency ?? 1;
  const perRound: number[] = [];
  for (let round = -1; round < rounds; round++) {
    const started = process.hrtime.bigint();
    if (concurrency === 1) {
      for (let i = 0; i < options.iterations; i++) await op(i);
    } else {
      let next = 0;
      const worker = async () => {
        while (next < options.iterations) await op(next++);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
    const elapsed = Number(process.hrtime.bigint() - started);
    if (round >= 0) perRound.push(elapsed / options.iterations);
  }
  perRound.sort((a, b) => a - b);
  const nsPerOp = perRound[Math.floor(perRound.length / 2)]!;
  return { nsPerOp, opsPerSec: 1e9 / nsPerOp };
}

/**
 * Measures `candidate` and `baseline` alternately, so drift in machine load hits both alike, and
 * returns the medians of each.
 */
export async function compare(
  candidate: (i: number) => unknown,
  baseline: (i: number) => unknown,
  options: MeasureOptions,
): Promise<{ candidate: Measurement; baseline: Measurement }> {
  const rounds = options.rounds ?? 7;
  const c: Measurement[] = [];
  const b: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    b.push(await measure(baseline, { ...options, rounds: 1 }));
    c.push(await measure(candidate, { ...options, rounds: 1 }));
  }
  const median = (list: Measurement[]) =>
    [...list].sort((x, y) => x.nsPerOp - y.nsPerOp)[Math.floor(list.length / 2)]!;
  return { candidate: median(c), baseline: median(b) };
}

/** One line of the report. */
export interface Row {
  readonly group: string;
  readonly name: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: number;
  /** e.g. '≤ 3.00' or '≥ 0.90' */
  readonly target?: string;
  readonly met?: boolean;
}

export const fmtNs = (ns: number) =>
  ns >= 1e6
    ? `${(ns / 1e6).toFixed(2)} ms`
    : ns >= 1e3
      ? `${(ns / 1e3).toFixed(2)} µs`
      : `${ns.toFixed(1)} ns`;
export const fmtOps = (ops: number) => `${Math.round(ops).toLocaleString('en-US')} ops/s`;

/** A time ratio (candidate / baseline, lower is better) as a report row. */
export function timeRow(
  group: string,
  name: string,
  m: { candidate: Measurement; baseline: Measurement },
  max?: number,
): Row {
  const ratio = m.candidate.nsPerOp / m.baseline.nsPerOp;
  return {
    group,
    name,
    value: `${fmtNs(m.candidate.nsPerOp)}/op`,
    baseline: `${fmtNs(m.baseline.nsPerOp)}/op`,
    ratio,
    ...(max === undefined ? {} : { target: `≤ ${max.toFixed(2)}×`, met: ratio <= max }),
  };
}

/** A throughput ratio (candidate / baseline, higher is better) as a report row. */
export function throughputRow(
  group: string,
  name: string,
  m: { candidate: Measurement; baseline: Measurement },
  min?: number,
): Row {
  const ratio = m.candidate.opsPerSec / m.baseline.opsPerSec;
  return {
    group,
    name,
    value: fmtOps(m.candidate.opsPerSec),
    baseline: fmtOps(m.baseline.opsPerSec),
    ratio,
    ...(min === undefined ? {} : { target: `≥ ${min.toFixed(2)}×`, met: ratio >= min }),
  };
}

export function printRows(rows: readonly Row[]): void {
  const header = ['benchmark', 'ours', 'baseline', 'ratio', 'target', ''];
  const lines = rows.map((row) => [
    `${row.group}: ${row.name}`,
    row.value,
    row.baseline,
    `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const print = (cells: string[]) =>
    console.log(
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  print(header);
  print(widths.map((w) => '-'.repeat(w)));
  for (const line of lines) print(line);
}
