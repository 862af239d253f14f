import {
  CacheError,
  diagnosticsChannels,
  type GetContext,
  type GetOrComputeContext,
  operationContext,
  publishBreaker,
  publishBusDropped,
  publishBusGap,
  publishBusReconnect,
  publishPromotion,
  traceOperation,
} from '@multi-tier-cache/core';
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { type CacheInstrumentation, instrumentCache } from './instrument-cache.js';
import { METRICS } from './names.js';

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The smallest context manager: enough to see which span is active when an operation starts. */
class StackContextManager implements ContextManager {
  #current: Context = ROOT_CONTEXT;
  active(): Context {
    return this.#current;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    next: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.#current;
    this.#current = next;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#current = previous;
    }
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#current = ROOT_CONTEXT;
    return this;
  }
}

let active: CacheInstrumentation | undefined;
afterEach(() => active?.disable());

function setup(options: { recordKeys?: boolean } = {}) {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  active = instrumentCache({ tracerProvider, meterProvider, ...options });
  async function points(name: string): Promise<DataPoint<unknown>[]> {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === name);
    return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
  }
  return { spans, points, tracerProvider };
}

/** A read answered from `tier` (or a miss when `tier` is undefined), as the orchestrator reports. */
function read(key: string, tier: string | undefined, outcome: 'hit' | 'miss' | 'stale') {
  return traceOperation(
    diagnosticsChannels.get,
    operationContext.get,
    async function answer(_key: string, context: GetContext | undefined) {
      if (context !== undefined) {
        context.tier = tier;
        context.outcome = outcome;
      }
      return tier === undefined ? undefined : 'value';
    },
    undefined,
    key,
  );
}

describe('instrumentCache spans', () => {
  it('records a cache.get span with the key, the tier that answered and the outcome', async () => {
    const { spans } = setup();
    await read('user:1', 'redis', 'hit');
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('cache.get');
    expect(span?.attributes).toEqual({
      'cache.operation': 'get',
      'cache.key': 'user:1',
      'cache.tier': 'redis',
      'cache.outcome': 'hit',
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('starts the span as a child of the span active where the operation was called', async () => {
    const { spans, tracerProvider } = setup();
    context.setGlobalContextManager(new StackContextManager());
    try {
      const parent = tracerProvider.getTracer('app').startSpan('GET /users/1');
      await context.with(trace.setSpan(context.active(), parent), () =>
        read('user:1', 'l1', 'hit'),
      );
      parent.end();
      const [child] = spans.getFinishedSpans();
      expect(child?.name).toBe('cache.get');
      expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(child?.spanContext().traceId).toBe(parent.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  it('leaves keys out when recordKeys is false', async () => {
    const { spans } = setup({ recordKeys: false });
    await read('user:1', 'l1', 'hit');
    expect(spans.getFinishedSpans()[0]?.attributes).not.toHaveProperty('cache.key');
  });

  it('marks a failed operation as an error with its CacheError code', async () => {
    const { spans, points } = setup();
    const failure = new CacheError('timeout', 'redis did not answer within 500 ms');
    await expect(
      traceOperation(
        diagnosticsChannels.set,
        operationContext.set,
        async () => Promise.reject(failure),
        undefined,
        'k',
      ),
    ).rejects.toBe(failure);
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('cache.set');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: failure.message });
    expect(span?.attributes['error.type']).toBe('timeout');
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
    expect(await points(METRICS.errors)).toEqual([
      expect.objectContaining({
        value: 1,
        attributes: { 'cache.operation': 'set', 'error.type': 'timeout' },
      }),
    ]);
  });

  it('ends exactly one span per operation for every traced operation', async () => {
    const { spans } = setup();
    const done = async () => 'done';
    await traceOperation(
      diagnosticsChannels.getOrCompute,
      operationContext.getOrCompute,
      async (_key: string, context: GetOrComputeContext | undefined) => {
        if (context !== undefined) {
          context.outcome = 'miss';
          context.computed = true;
        }
        return 1;
      },
      undefined,
      'k',
    );
    await traceOperation(diagnosticsChannels.delete, operationContext.delete, done, undefined, [
      'a',
      'b',
    ]);
    await traceOperation(
      diagnosticsChannels.invalidatePattern,
      operationContext.invalidatePattern,
      done,
      undefined,
      'user:*',
    );
    await traceOperation(
      diagnosticsChannels.clear,
      operationContext.clear,
      done,
      undefined,
      undefined,
    );
    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name)).toEqual([
      'cache.getOrCompute',
      'cache.delete',
      'cache.invalidatePattern',
      'cache.clear',
    ]);
    expect(finished[0]?.attributes).toMatchObject({
      'cache.outcome': 'miss',
      'cache.computed': true,
    });
    expect(finished[1]?.attributes).toMatchObject({ 'cache.key_count': 2 });
    expect(finished[2]?.attributes).toMatchObject({ 'cache.pattern': 'user:*' });
  });

  it('stops recording after disable', async () => {
    const { spans } = setup();
    active?.disable();
    await read('k', 'l1', 'hit');
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});

describe('instrumentCache metrics', () => {
  it('counts hits, misses and stale reads per tier', async () => {
    const { points } = setup();
    await read('a', 'l1', 'hit');
    await read('b', 'l1', 'hit');
    await read('c', 'redis', 'stale');
    await read('d', undefined, 'miss');
    const lookups = (await points(METRICS.lookups)).map(({ attributes, value }) => ({
      attributes,
      value,
    }));
    expect(lookups).toEqual(
      expect.arrayContaining([
        {
          attributes: { 'cache.operation': 'get', 'cache.tier': 'l1', 'cache.outcome': 'hit' },
          value: 2,
        },
        {
          attributes: { 'cache.operation': 'get', 'cache.tier': 'redis', 'cache.outcome': 'stale' },
          value: 1,
        },
        { attributes: { 'cache.operation': 'get', 'cache.outcome': 'miss' }, value: 1 },
      ]),
    );
    expect(lookups).toHaveLength(3);
  });

  it('records operation latency per operation and tier in seconds', async () => {
    const { points } = setup();
    await read('a', 'l1', 'hit');
    await read('b', 'redis', 'hit');
    const durations = await points(METRICS.duration);
    expect(durations.map((point) => point.attributes['cache.tier']).sort()).toEqual([
      'l1',
      'redis',
    ]);
    for (const point of durations) {
      const histogram = point.value as Histogram;
      expect(histogram.count).toBe(1);
      expect(histogram.sum).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports breaker state per tier and counts transitions', async () => {
    const { points } = setup();
    publishBreaker('redis', 'open', 5);
    publishBreaker('redis', 'half-open', 5);
    publishBreaker('memcached', 'open', 3);
    const states = await points(METRICS.breakerState);
    expect(states.map(({ attributes, value }) => ({ attributes, value }))).toEqual(
      expect.arrayContaining([
        { attributes: { 'cache.tier': 'redis' }, value: 1 },
        { attributes: { 'cache.tier': 'memcached' }, value: 2 },
      ]),
    );
    expect(await points(METRICS.breakerTransitions)).toHaveLength(3);
  });

  it('counts promotions, bus gaps, reconnects with their downtime, and dropped messages', async () => {
    const { points } = setup();
    publishPromotion('k', 'redis', 'l1', 1000);
    publishBusGap('subscription lost', 'clear-l1');
    publishBusReconnect(1_500);
    publishBusDropped('forged', 3);
    expect(await points(METRICS.promotions)).toEqual([
      expect.objectContaining({
        value: 1,
        attributes: { 'cache.from_tier': 'redis', 'cache.tier': 'l1' },
      }),
    ]);
    expect(await points(METRICS.busGaps)).toEqual([
      expect.objectContaining({ value: 1, attributes: { 'cache.bus_action': 'clear-l1' } }),
    ]);
    expect(await points(METRICS.busReconnects)).toEqual([expect.objectContaining({ value: 1 })]);
    const [downtime] = await points(METRICS.busDowntime);
    expect((downtime!.value as Histogram).sum).toBe(1.5);
    expect(await points(METRICS.busDropped)).toEqual([
      expect.objectContaining({ value: 3, attributes: { 'cache.bus_reason': 'forged' } }),
    ]);
  });
});
