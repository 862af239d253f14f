import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names.js';

/** The prom-client metrics one registration records on. */
export interface CacheMetricSet {
  readonly duration: Histogram<'operation' | 'tier' | 'outcome' | 'error_type'>;
  readonly lookups: Counter<'operation' | 'tier' | 'outcome'>;
  readonly errors: Counter<'operation' | 'tier' | 'error_type'>;
  readonly promotions: Counter<'from' | 'to'>;
  readonly breakerState: Gauge<'tier'>;
  readonly breakerTransitions: Counter<'tier' | 'state'>;
  readonly busGaps: Counter<'action'>;
  readonly busReconnects: Counter;
  readonly busDowntime: Histogram;
  readonly busDropped: Counter<'reason'>;
}

/** Creates and registers every metric of {@link METRIC_NAMES} under `prefix`. */
export function createMetrics(
  registry: Registry,
  prefix: string,
  durationBuckets: readonly number[],
): CacheMetricSet {
  const registers = [registry];
  return {
    duration: new Histogram({
      name: prefix + METRIC_NAMES.duration,
      help: 'Duration of cache operations by operation, answering tier, outcome and error type',
      labelNames: ['operation', 'tier', 'outcome', 'error_type'],
      buckets: [...durationBuckets],
      registers,
    }),
    lookups: new Counter({
      name: prefix + METRIC_NAMES.lookups,
      help: 'Reads by the tier that answered and their outcome (hit, miss, stale)',
      labelNames: ['operation', 'tier', 'outcome'],
      registers,
    }),
    errors: new Counter({
      name: prefix + METRIC_NAMES.errors,
      help: 'Failures by CacheError code or error class: operations that rejected (no tier label) and tier calls that failed (tier label), even when the operation fell back',
      labelNames: ['operation', 'tier', 'error_type'],
      registers,
    }),
    promotions: new Counter({
      name: prefix + METRIC_NAMES.promotions,
      help: 'Values copied from a lower tier to a higher one',
      labelNames: ['from', 'to'],
      registers,
    }),
    breakerState: new Gauge({
      name: prefix + METRIC_NAMES.breakerState,
      help: 'Circuit breaker state per shared tier: 0 closed, 1 half-open, 2 open',
      labelNames: ['tier'],
      registers,
    }),
    breakerTransitions: new Counter({
      name: prefix + METRIC_NAMES.breakerTransitions,
      help: 'Circuit breaker state changes',
      labelNames: ['tier', 'state'],
      registers,
    }),
    busGaps: new Counter({
      name: prefix + METRIC_NAMES.busGaps,
      help: 'Times the invalidation bus may have lost messages, by what the cache did',
      labelNames: ['action'],
      registers,
    }),
    busReconnects: new Counter({
      name: prefix + METRIC_NAMES.busReconnects,
      help: 'Times the invalidation bus started receiving again',
      registers,
    }),
    busDowntime: new Histogram({
      name: prefix + METRIC_NAMES.busDowntime,
      help: 'How long the invalidation bus was not receiving',
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers,
    }),
    busDropped: new Counter({
      name: prefix + METRIC_NAMES.busDropped,
      help: 'Received bus messages that were not applied, by reason',
      labelNames: ['reason'],
      registers,
    }),
  };
}
