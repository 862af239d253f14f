import type { BreakerState } from '@multi-tier-cache/core';
import type {
  Counter,
  Histogram,
  Meter,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';
import { ATTRIBUTES, METRICS } from './names.js';

/** Bucket bounds in seconds: cache operations run from microseconds (L1) to a timeout. */
const DURATION_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * Value of the breaker state gauge: `closed` 0, `half-open` 1, `open` 2 (higher is worse, so an
 * alert can fire on `> 0`).
 *
 * @example
 * ```ts
 * BREAKER_STATE_VALUE.open; // 2
 * ```
 */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/** The instruments one instrumentation records on. */
export interface Instruments {
  readonly duration: Histogram;
  readonly lookups: Counter;
  readonly errors: Counter;
  readonly promotions: Counter;
  readonly breakerTransitions: Counter;
  readonly busGaps: Counter;
  readonly busReconnects: Counter;
  readonly busDowntime: Histogram;
  readonly busDropped: Counter;
  /** Last state seen per tier, reported by the breaker state gauge. */
  readonly breakerStates: Map<string, BreakerState>;
  /** Stops the gauge's callback. */
  release(): void;
}

/** Creates every instrument of {@link METRICS} on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  const breakerStates = new Map<string, BreakerState>();
  const breakerState: ObservableGauge = meter.createObservableGauge(METRICS.breakerState, {
    description: 'Circuit breaker state per shared tier: 0 closed, 1 half-open, 2 open',
  });
  const observeBreakers = (result: ObservableResult) => {
    for (const [tier, state] of breakerStates) {
      result.observe(BREAKER_STATE_VALUE[state], { [ATTRIBUTES.tier]: tier });
    }
  };
  breakerState.addCallback(observeBreakers);
  return {
    duration: meter.createHistogram(METRICS.duration, {
      description: 'Duration of cache operations',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    lookups: meter.createCounter(METRICS.lookups, {
      description: 'Reads by the tier that answered and their outcome (hit, miss, stale)',
    }),
    errors: meter.createCounter(METRICS.errors, {
      description:
        'Failures: operations that rejected, and tier calls that failed (with cache.tier) even when the operation fell back',
    }),
    promotions: meter.createCounter(METRICS.promotions, {
      description: 'Values copied from a lower tier to a higher one',
    }),
    breakerTransitions: meter.createCounter(METRICS.breakerTransitions, {
      description: 'Circuit breaker state changes',
    }),
    busGaps: meter.createCounter(METRICS.busGaps, {
      description: 'Times the invalidation bus may have lost messages',
    }),
    busReconnects: meter.createCounter(METRICS.busReconnects, {
      description: 'Times the invalidation bus started receiving again',
    }),
    busDowntime: meter.createHistogram(METRICS.busDowntime, {
      description: 'How long the invalidation bus was not receiving',
      unit: 's',
    }),
    busDropped: meter.createCounter(METRICS.busDropped, {
      description: 'Received bus messages that were not applied',
    }),
    breakerStates,
    release: () => breakerState.removeCallback(observeBreakers),
  };
}
