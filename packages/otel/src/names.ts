/**
 * Span attribute and metric names this package writes, stable across releases.
 *
 * @example
 * ```ts
 * span.attributes[ATTRIBUTES.outcome]; // 'hit'
 * ```
 */
export const ATTRIBUTES = {
  operation: 'cache.operation',
  key: 'cache.key',
  keyCount: 'cache.key_count',
  hitCount: 'cache.hit_count',
  tags: 'cache.tags',
  tagCount: 'cache.tag_count',
  namespace: 'cache.namespace',
  pattern: 'cache.pattern',
  tier: 'cache.tier',
  outcome: 'cache.outcome',
  computed: 'cache.computed',
  ttlMs: 'cache.ttl_ms',
  from: 'cache.from_tier',
  state: 'cache.breaker_state',
  action: 'cache.bus_action',
  reason: 'cache.bus_reason',
  errorType: 'error.type',
} as const;

/**
 * Metric names this package records.
 *
 * @example
 * ```ts
 * metrics.find((metric) => metric.descriptor.name === METRICS.duration);
 * ```
 */
export const METRICS = {
  duration: 'multi_tier_cache.operation.duration',
  lookups: 'multi_tier_cache.lookups',
  errors: 'multi_tier_cache.errors',
  promotions: 'multi_tier_cache.promotions',
  breakerState: 'multi_tier_cache.breaker.state',
  breakerTransitions: 'multi_tier_cache.breaker.transitions',
  busGaps: 'multi_tier_cache.bus.gaps',
  busReconnects: 'multi_tier_cache.bus.reconnects',
  busDowntime: 'multi_tier_cache.bus.downtime',
  busDropped: 'multi_tier_cache.bus.dropped',
} as const;
