import type { TracingChannel } from 'node:diagnostics_channel';
import {
  type BreakerMessage,
  type BreakerState,
  type BusDroppedMessage,
  type BusGapMessage,
  type BusReconnectMessage,
  CacheError,
  diagnosticsChannels,
  errorType,
  type OperationContexts,
  type OperationName,
  type PromotionMessage,
  subscribeOperation,
  type TierErrorMessage,
} from '@multi-tier-cache/core';
import { type Registry, register } from 'prom-client';
import { createMetrics } from './create-metrics.js';
import { DEFAULT_DURATION_BUCKETS, DEFAULT_PREFIX, METRIC_NAMES } from './metric-names.js';

const OPERATIONS: readonly OperationName[] = [
  'get',
  'getOrCompute',
  'set',
  'delete',
  'invalidatePattern',
  'clear',
  'getMany',
  'setMany',
  'getOrComputeMany',
  'expire',
  'deleteByTag',
];

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

type AnyContext = OperationContexts[OperationName];

/**
 * Options of {@link prometheusCacheMetrics}.
 *
 * @example
 * ```ts
 * prometheusCacheMetrics({ registry: new Registry(), prefix: 'shop_cache_' });
 * ```
 */
export interface PrometheusCacheMetricsOptions {
  /** Registry the metrics join. @default prom-client's global `register` */
  readonly registry?: Registry;
  /** Prefix of every metric name (the dashboard expects the default). @default 'multi_tier_cache_' */
  readonly prefix?: string;
  /** Buckets of the operation duration histogram, in seconds. @default 50 µs … 2.5 s */
  readonly durationBuckets?: readonly number[];
}

/**
 * A running registration; `disable()` unsubscribes and removes its metrics from the registry.
 *
 * @example
 * ```ts
 * const cacheMetrics = prometheusCacheMetrics();
 * cacheMetrics.disable();
 * ```
 */
export interface PrometheusCacheMetrics {
  readonly registry: Registry;
  disable(): void;
  [Symbol.dispose](): void;
}

/**
 * Records Prometheus metrics (prom-client) from the diagnostics channels of
 * `@multi-tier-cache/core`, for every cache in the process: operation latency, hits, misses and
 * stale reads per tier, errors, promotions, breaker state, and bus gaps, reconnects, downtime and
 * dropped messages. Serve the registry on your `/metrics` endpoint; import the Grafana dashboard
 * shipped as `@multi-tier-cache/prometheus/dashboard.json`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { register } from 'prom-client';
 * import { prometheusCacheMetrics } from '@multi-tier-cache/prometheus';
 *
 * prometheusCacheMetrics();
 * createServer(async (_req, res) => {
 *   res.setHeader('content-type', register.contentType);
 *   res.end(await register.metrics());
 * }).listen(9464);
 * ```
 */
export function prometheusCacheMetrics(
  options: PrometheusCacheMetricsOptions = {},
): PrometheusCacheMetrics {
  const registry = options.registry ?? register;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(`${prefix}x`)) {
    throw new CacheError(
      'configuration',
      `prefix ${JSON.stringify(prefix)} is not valid in a Prometheus metric name: use letters, digits, _ and :`,
    );
  }
  const metrics = createMetrics(
    registry,
    prefix,
    options.durationBuckets ?? DEFAULT_DURATION_BUCKETS,
  );
  const stops: (() => void)[] = [];

  for (const operation of OPERATIONS) {
    const channel = diagnosticsChannels[operation] as TracingChannel<unknown, AnyContext>;
    stops.push(
      subscribeOperation<AnyContext, undefined>(channel, {
        start: () => undefined,
        finish: (context, _state, durationMs) => {
          const tier = 'tier' in context ? context.tier : undefined;
          const outcome = 'outcome' in context ? context.outcome : undefined;
          const failed = 'error' in context;
          const labels: Record<string, string> = { operation: context.operation };
          if (tier !== undefined) labels.tier = tier;
          if (outcome !== undefined) labels.outcome = outcome;
          if (outcome !== undefined && !failed) metrics.lookups.inc(labels);
          if (failed) {
            const error_type = errorType(context.error);
            labels.error_type = error_type;
            metrics.errors.inc({ operation: context.operation, error_type });
          }
          metrics.duration.observe(labels, durationMs / 1000);
        },
      }),
    );
  }

  const on = <Message>(
    channel: typeof diagnosticsChannels.breaker,
    handle: (message: Message) => void,
  ) => {
    const listener = (message: unknown) => handle(message as Message);
    channel.subscribe(listener);
    stops.push(() => channel.unsubscribe(listener));
  };
  on<PromotionMessage>(diagnosticsChannels.promotion, ({ from, to }) =>
    metrics.promotions.inc({ from, to }),
  );
  on<BreakerMessage>(diagnosticsChannels.breaker, ({ tier, state }) => {
    metrics.breakerState.set({ tier }, BREAKER_VALUE[state]);
    metrics.breakerTransitions.inc({ tier, state });
  });
  on<BusGapMessage>(diagnosticsChannels.busGap, ({ action }) => metrics.busGaps.inc({ action }));
  on<BusReconnectMessage>(diagnosticsChannels.busReconnect, ({ downMs }) => {
    metrics.busReconnects.inc();
    if (downMs !== undefined) metrics.busDowntime.observe(downMs / 1000);
  });
  on<TierErrorMessage>(diagnosticsChannels.tierError, ({ tier, operation, error }) =>
    metrics.errors.inc({ operation, tier, error_type: errorType(error) }),
  );
  on<BusDroppedMessage>(diagnosticsChannels.busDropped, ({ reason, count }) =>
    metrics.busDropped.inc({ reason }, count),
  );

  let disabled = false;
  const disable = () => {
    if (disabled) return;
    disabled = true;
    for (const stop of stops) stop();
    for (const name of Object.values(METRIC_NAMES)) registry.removeSingleMetric(prefix + name);
  };
  return { registry, disable, [Symbol.dispose]: disable };
}
