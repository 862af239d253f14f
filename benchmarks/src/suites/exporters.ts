import { createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { instrumentCache } from '@multi-tier-cache/otel';
import { prometheusCacheMetrics } from '@multi-tier-cache/prometheus';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { type Activate, compareActive } from '../compare-active.js';
import { type Row, timeRow } from '../harness.js';
import { L2_KEYS, L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';

const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const VALUE = { id: 1, name: 'Ada Lovelace', roles: ['admin'] };
const L1_RUN = { iterations: 200_000, rounds: 7 };
const L2_RUN = { iterations: 4000, rounds: 7 };

/** Ends every span at once: what is timed is the instrumentation, not an exporter. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

/** A reader nobody collects from: the instruments record, nothing is exported. */
class IdleReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const otel =
  (spans: boolean): Activate =>
  () => {
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new DiscardingExporter())],
    });
    const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
    const instrumentation = instrumentCache({ tracerProvider, meterProvider, spans });
    return () => instrumentation.disable();
  };

const prometheus: Activate = () => {
  const metrics = prometheusCacheMetrics({ registry: new Registry() });
  return () => metrics.disable();
};

/**
 * What the exporter packages cost on the hot paths (issue 14 asks for a figure, not a target):
 * the L1 hit (l1-lru) and the L2 hit (ioredis, no-op L1) with `@multi-tier-cache/otel` (spans and
 * metrics, or metrics alone) or `@multi-tier-cache/prometheus` active, against the same calls with
 * nothing subscribed, alternating round by round.
 */
export async function exportersRows(redisUrl: string): Promise<Row[]> {
  const l1Cache = createCache({ l1: lruStore({ maxEntries: 2000 }) });
  for (const key of KEYS) await l1Cache.set(key, VALUE);
  const store = ioredisStore({ url: redisUrl, prefix: 'bench:exporters:' });
  const l2Cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  for (const key of L2_KEYS) await l2Cache.set(key, L2_VALUE, { ttl: '1h' });
  const l1Get = (i: number) => l1Cache.get(KEYS[i % 1000]!);
  const l2Get = (i: number) => l2Cache.get(L2_KEYS[i % 100]!);

  const exporters: [string, Activate][] = [
    ['otel spans + metrics', otel(true)],
    ['otel metrics only', otel(false)],
    ['prometheus', prometheus],
  ];
  try {
    const rows: Row[] = [];
    for (const [name, activate] of exporters) {
      rows.push(
        timeRow(
          'exporters L1 hit',
          `cache.get with ${name} active vs nothing subscribed`,
          await compareActive(l1Get, activate, L1_RUN),
        ),
        timeRow(
          'exporters L2 hit ioredis',
          `cache.get with ${name} active vs nothing subscribed`,
          await compareActive(l2Get, activate, L2_RUN),
        ),
      );
    }
    return rows;
  } finally {
    await Promise.all([l1Cache.close(), l2Cache.close()]);
  }
}
