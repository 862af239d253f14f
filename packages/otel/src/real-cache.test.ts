import { createCache, type L2Store, memoryL2Store } from '@multi-tier-cache/core';
import {
  AggregationTemporality,
  type DataPoint,
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

let active: CacheInstrumentation | undefined;
afterEach(() => active?.disable());

function setup() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  active = instrumentCache({ tracerProvider, meterProvider });
  async function points(name: string): Promise<DataPoint<unknown>[]> {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === name);
    return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
  }
  return { spans, points };
}

describe('instrumentCache on a real cache', () => {
  it('records spans and lookups per tier for a miss, an L2 hit with promotion, then an L1 hit', async () => {
    const { spans, points } = setup();
    const l2 = memoryL2Store({ name: 'shared' });
    const cache = createCache({ l2: [l2] });

    await cache.get('user:1');
    await l2.set('user:1', new TextEncoder().encode('"Ada"'), 60_000);
    await cache.get('user:1');
    await cache.get('user:1');

    expect(
      spans
        .getFinishedSpans()
        .map((span) => [
          span.name,
          span.attributes['cache.key'],
          span.attributes['cache.tier'],
          span.attributes['cache.outcome'],
        ]),
    ).toEqual([
      ['cache.get', 'user:1', undefined, 'miss'],
      ['cache.get', 'user:1', 'shared', 'hit'],
      ['cache.get', 'user:1', 'memory', 'hit'],
    ]);
    const lookups = (await points(METRICS.lookups)).map((point) => [
      point.attributes['cache.tier'],
      point.attributes['cache.outcome'],
      point.value,
    ]);
    expect(lookups).toEqual(
      expect.arrayContaining([
        [undefined, 'miss', 1],
        ['shared', 'hit', 1],
        ['memory', 'hit', 1],
      ]),
    );
    expect((await points(METRICS.promotions)).map((point) => point.value)).toEqual([1]);
  });

  it('counts a failing store in errors with its tier, though the read falls back', async () => {
    const { points } = setup();
    const base = memoryL2Store({ name: 'refusing' });
    const refusing: L2Store = {
      ...base,
      get: () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    };
    const cache = createCache({ l2: [refusing] });
    expect(await cache.getOrCompute('k', () => 1)).toBe(1);
    expect(await points(METRICS.errors)).toEqual([
      expect.objectContaining({
        value: 1,
        attributes: {
          'cache.operation': 'get',
          'cache.tier': 'refusing',
          'error.type': 'ECONNREFUSED',
        },
      }),
    ]);
  });

  it('records a span and a duration per batch, tag, expire and namespace clear call', async () => {
    const { spans, points } = setup();
    const cache = createCache({ l2: [memoryL2Store({ name: 'shared' })] });

    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    await cache.getMany(['a', 'b', 'c']);
    await cache.getOrComputeMany(['a', 'd'], () => ({ d: 4 }));
    await cache.expire(['a', 'b']);
    await cache.deleteByTag(['team:7']);
    await cache.namespace('users').clear();

    expect(
      spans.getFinishedSpans().map((span) => ({ name: span.name, ...span.attributes })),
    ).toEqual([
      { name: 'cache.setMany', 'cache.operation': 'setMany', 'cache.key_count': 2 },
      {
        name: 'cache.getMany',
        'cache.operation': 'getMany',
        'cache.key_count': 3,
        'cache.hit_count': 2,
      },
      {
        name: 'cache.getOrComputeMany',
        'cache.operation': 'getOrComputeMany',
        'cache.key_count': 2,
      },
      { name: 'cache.expire', 'cache.operation': 'expire', 'cache.key_count': 2 },
      {
        name: 'cache.deleteByTag',
        'cache.operation': 'deleteByTag',
        'cache.tag_count': 1,
        'cache.tags': ['team:7'],
      },
      { name: 'cache.clear', 'cache.operation': 'clear', 'cache.namespace': 'users' },
    ]);
    const durations = (await points(METRICS.duration)).map(
      (point) => point.attributes['cache.operation'],
    );
    expect(durations).toEqual(
      expect.arrayContaining([
        'setMany',
        'getMany',
        'getOrComputeMany',
        'expire',
        'deleteByTag',
        'clear',
      ]),
    );
  });
});
