/**
 * OpenTelemetry with a console exporter: `instrumentCache()` turns the cache's diagnostics
 * channels into a `cache.<operation>` span per call (key, tier that answered, hit or miss) and
 * metrics (latency per tier, lookups, promotions, errors). A miss, a hit in Redis promoted to L1,
 * then an L1 hit: three spans printed by the console exporter, then the metrics.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run otel-console
 */
import { strict as assert } from 'node:assert';
import { createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { instrumentCache } from '@multi-tier-cache/otel';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { runExample } from '../shared/run-example.js';

await runExample('otel-console', async ({ redisUrl, defer }) => {
  // What an application sets up once at start: its providers and their exporters. The in-memory
  // exporter is only here so the example can check what was produced.
  const produced = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      new SimpleSpanProcessor(new ConsoleSpanExporter()),
      new SimpleSpanProcessor(produced),
    ],
  });
  const metricReader = new PeriodicExportingMetricReader({
    exporter: new ConsoleMetricExporter(),
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  const instrumentation = instrumentCache({ tracerProvider, meterProvider });
  defer(() => meterProvider.shutdown());
  defer(() => instrumentation.disable());

  const redis = ioredisStore({ url: redisUrl, prefix: 'examples:otel:' });
  const cache = createCache({ l1: lruStore(), l2: [redis] });
  defer(() => cache.close());
  await cache.delete('user:1');

  console.log('\nget user:1 (nowhere yet), then written to Redis only, read twice:');
  assert.equal(await cache.get('user:1'), undefined);
  await redis.set('user:1', new TextEncoder().encode('{"name":"Ada"}'), 60_000);
  assert.deepEqual(await cache.get('user:1'), { name: 'Ada' });
  assert.deepEqual(await cache.get('user:1'), { name: 'Ada' });

  const reads = produced
    .getFinishedSpans()
    .filter((span) => span.name === 'cache.get')
    .map(
      (span) => `${span.attributes['cache.outcome']} in ${span.attributes['cache.tier'] ?? '-'}`,
    );
  console.log(`\ncache.get spans produced: ${reads.join(', ')}`);
  assert.deepEqual(reads, ['miss in -', 'hit in ioredis', 'hit in lru']);

  console.log('\nmetrics (console exporter):');
  await metricReader.forceFlush();
});
