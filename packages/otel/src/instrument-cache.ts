import {
  type BreakerMessage,
  type BusDroppedMessage,
  type BusGapMessage,
  type BusReconnectMessage,
  diagnosticsChannels,
  errorType,
  type OperationContexts,
  type OperationName,
  type PromotionMessage,
  subscribeOperation,
  type TierErrorMessage,
} from '@multi-tier-cache/core';
import {
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { createInstruments } from './instruments.js';
import { ATTRIBUTES } from './names.js';
import { finishAttributes, startAttributes } from './operation-attributes.js';

const SCOPE = '@multi-tier-cache/otel';
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

/**
 * Options of {@link instrumentCache}.
 *
 * @example
 * ```ts
 * instrumentCache({ tracerProvider, meterProvider, recordKeys: false });
 * ```
 */
export interface CacheInstrumentationOptions {
  /** Where spans go. @default the global tracer provider (`trace.getTracerProvider()`) */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go. @default the global meter provider (`metrics.getMeterProvider()`) */
  readonly meterProvider?: MeterProvider;
  /** Record a span per operation. @default true */
  readonly spans?: boolean;
  /** Record metrics. @default true */
  readonly metrics?: boolean;
  /**
   * Put keys and patterns on spans (`cache.key`, `cache.pattern`). Turn off when keys carry
   * personal data. Metrics never carry keys.
   * @default true
   */
  readonly recordKeys?: boolean;
}

/**
 * A running instrumentation; `disable()` unsubscribes from every channel.
 *
 * @example
 * ```ts
 * const instrumentation = instrumentCache();
 * instrumentation.disable();
 * ```
 */
export interface CacheInstrumentation {
  disable(): void;
  [Symbol.dispose](): void;
}

type AnyContext = OperationContexts[OperationName];

/**
 * Turns the diagnostics channels of `@multi-tier-cache/core` into OpenTelemetry spans and
 * metrics, for every cache in the process: a `cache.<operation>` span per operation, operation
 * latency per operation and tier, hits, misses and stale reads per tier, errors, promotions,
 * breaker state, and bus gaps, reconnects, downtime and dropped messages. Call it once at startup,
 * after registering your SDK.
 *
 * @example
 * ```ts
 * import { instrumentCache } from '@multi-tier-cache/otel';
 *
 * const sdk = new NodeSDK({ traceExporter, metricReader });
 * sdk.start();
 * instrumentCache();
 * ```
 */
export function instrumentCache(options: CacheInstrumentationOptions = {}): CacheInstrumentation {
  const recordKeys = options.recordKeys ?? true;
  const tracer =
    options.spans === false
      ? undefined
      : (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const instruments =
    options.metrics === false
      ? undefined
      : createInstruments((options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE));
  const stops: (() => void)[] = [];

  for (const operation of OPERATIONS) {
    const channel = diagnosticsChannels[operation] as Parameters<
      typeof subscribeOperation<AnyContext, Span | undefined>
    >[0];
    stops.push(
      subscribeOperation<AnyContext, Span | undefined>(channel, {
        start: (context) =>
          tracer?.startSpan(`cache.${context.operation}`, {
            kind: SpanKind.INTERNAL,
            attributes: startAttributes(context, recordKeys),
          }),
        finish: (context, span, durationMs) => {
          const attributes = finishAttributes(context);
          if (instruments !== undefined) {
            instruments.duration.record(durationMs / 1000, attributes);
            if (attributes[ATTRIBUTES.outcome] !== undefined && !('error' in context)) {
              instruments.lookups.add(1, attributes);
            }
            if ('error' in context) instruments.errors.add(1, attributes);
          }
          if (span === undefined) return;
          span.setAttributes(attributes);
          if ('computed' in context) span.setAttribute(ATTRIBUTES.computed, context.computed);
          if ('hits' in context && context.hits !== undefined) {
            span.setAttribute(ATTRIBUTES.hitCount, context.hits);
          }
          if ('ttlMs' in context && context.ttlMs !== undefined) {
            span.setAttribute(ATTRIBUTES.ttlMs, context.ttlMs);
          }
          if ('error' in context) {
            const error = context.error;
            if (error instanceof Error) span.recordException(error);
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
          }
          span.end();
        },
      }),
    );
  }

  if (instruments !== undefined) {
    const on = <Message>(
      channel: typeof diagnosticsChannels.breaker,
      handle: (m: Message) => void,
    ) => {
      const listener = (message: unknown) => handle(message as Message);
      channel.subscribe(listener);
      stops.push(() => channel.unsubscribe(listener));
    };
    on<PromotionMessage>(diagnosticsChannels.promotion, (message) =>
      instruments.promotions.add(1, {
        [ATTRIBUTES.from]: message.from,
        [ATTRIBUTES.tier]: message.to,
      }),
    );
    on<BreakerMessage>(diagnosticsChannels.breaker, (message) => {
      instruments.breakerStates.set(message.tier, message.state);
      instruments.breakerTransitions.add(1, {
        [ATTRIBUTES.tier]: message.tier,
        [ATTRIBUTES.state]: message.state,
      });
    });
    on<BusGapMessage>(diagnosticsChannels.busGap, (message) =>
      instruments.busGaps.add(1, { [ATTRIBUTES.action]: message.action }),
    );
    on<BusReconnectMessage>(diagnosticsChannels.busReconnect, (message) => {
      instruments.busReconnects.add(1);
      if (message.downMs !== undefined) instruments.busDowntime.record(message.downMs / 1000);
    });
    on<TierErrorMessage>(diagnosticsChannels.tierError, (message) =>
      instruments.errors.add(1, {
        [ATTRIBUTES.operation]: message.operation,
        [ATTRIBUTES.tier]: message.tier,
        [ATTRIBUTES.errorType]: errorType(message.error),
      }),
    );
    on<BusDroppedMessage>(diagnosticsChannels.busDropped, (message) =>
      instruments.busDropped.add(message.count, { [ATTRIBUTES.reason]: message.reason }),
    );
    stops.push(instruments.release);
  }

  let disabled = false;
  const disable = () => {
    if (disabled) return;
    disabled = true;
    for (const stop of stops) stop();
  };
  return { disable, [Symbol.dispose]: disable };
}
