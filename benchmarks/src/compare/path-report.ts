import type { Row } from '../harness.js';
import { ratioTo, type Samples } from '../interleave.js';

/**
 * One path measured side by side: the raw baseline, other raw clients, our variants and the peer
 * libraries, every sample taken in the same interleaved rounds.
 */
export interface PathReport {
  /** e.g. 'L2 hit, 64 callers' */
  readonly path: string;
  /** Samples are ns/op or ms; throughput paths report baseline / candidate (higher is better). */
  readonly higherIsBetter: boolean;
  /** How one sample reads in the detail table. */
  readonly format: (sample: number) => string;
  readonly baseline: Samples;
  readonly otherRaws: readonly Samples[];
  readonly ours: readonly Samples[];
  readonly peers: readonly Samples[];
  /** The target for our variants, against the baseline. */
  readonly target?: { readonly bound: number; readonly label: string };
}

export const PEER_COLUMNS = ['bentocache', 'cache-manager', 'cacheable'] as const;

const ratioCell = (candidate: Samples, report: PathReport) => {
  const r = ratioTo(candidate, report.baseline, report.higherIsBetter);
  return `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
};

/**
 * The ratio table in the shape: one line per path and variant of ours, the raw client as
 * 1.00×, each cell the median of the per-round ratios and their min–max.
 */
export function ratioTable(reports: readonly PathReport[]): string {
  const lines = [
    `| path | raw client | ours | ${PEER_COLUMNS.join(' | ')} |`,
    `|---|---|---|${PEER_COLUMNS.map(() => '---').join('|')}|`,
  ];
  for (const report of reports) {
    const kind = report.higherIsBetter ? 'throughput' : 'time';
    const others = report.otherRaws.map((raw) => ` (${raw.name}: ${ratioCell(raw, report)})`);
    report.ours.forEach((ours, i) => {
      const peers = PEER_COLUMNS.map((column) => {
        const peer = report.peers.find((samples) => samples.name === column);
        return i > 0 ? '' : peer ? ratioCell(peer, report) : 'n/a';
      });
      const raw = i > 0 ? '' : `${report.baseline.name}: 1.00×${others.join('')}`;
      lines.push(
        `| ${report.path}, ${ours.name} (${kind}) | ${raw} | ${ratioCell(ours, report)} | ${peers.join(' | ')} |`,
      );
    });
  }
  return lines.join('\n');
}

/** Absolute medians and spread of every contender, one report row each, targets on ours. */
export function detailRows(report: PathReport): Row[] {
  const baseline = report.format(report.baseline.median);
  // Samples are times: the worst throughput is the longest time.
  const [low, high] = report.higherIsBetter ? (['max', 'min'] as const) : (['min', 'max'] as const);
  const spread = (samples: Samples) =>
    `${report.format(samples[low])}–${report.format(samples[high])}`;
  const row = (samples: Samples, withTarget: boolean): Row => {
    const ratio = ratioTo(samples, report.baseline, report.higherIsBetter).median;
    const target = withTarget ? report.target : undefined;
    return {
      group: report.path,
      name: samples.name,
      value: `${report.format(samples.median)} (${spread(samples)})`,
      baseline: `${baseline} ${report.baseline.name}`,
      ratio,
      ...(target === undefined
        ? {}
        : {
            target: target.label,
            met: report.higherIsBetter ? ratio >= target.bound : ratio <= target.bound,
          }),
    };
  };
  return [
    ...report.otherRaws.map((samples) => row(samples, false)),
    ...report.ours.map((samples) => row(samples, true)),
    ...report.peers.map((samples) => row(samples, false)),
  ];
}
