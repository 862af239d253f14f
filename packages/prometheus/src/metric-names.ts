/**
 * Metric names (without the prefix, `multi_tier_cache_` by default) and their labels. Stable
 * across releases: the Grafana dashboard in this package queries them.
 *
 * @example
 * ```ts
 * `${prefix}${METRIC_NAMES.lookups}`; // 'multi_tier_cache_lookups_total'
 * ```
 */
export const METRIC_NAMES = {
  duration: 'operation_duration_seconds',
  lookups: 'lookups_total',
  errors: 'errors_total',
  promotions: 'promotions_total',
  breakerState: 'breaker_state',
  breakerTransitions: 'breaker_transitions_total',
  busGaps: 'bus_gaps_total',
  busReconnects: 'bus_reconnects_total',
  busDowntime: 'bus_downtime_seconds',
  busDropped: 'bus_dropped_total',
} as const;

/**
 * The default prefix of every metric name.
 *
 * @example
 * ```ts
 * DEFAULT_PREFIX + METRIC_NAMES.errors; // 'multi_tier_cache_errors_total'
 * ```
 */
export const DEFAULT_PREFIX = 'multi_tier_cache_';

/** Bucket bounds in seconds: cache operations run from microseconds (L1) to a timeout. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
