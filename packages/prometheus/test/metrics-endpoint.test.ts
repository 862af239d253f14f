import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CacheError,
  diagnosticsChannels,
  type GetContext,
  operationContext,
  publishBreaker,
  publishBusDropped,
  publishBusGap,
  publishBusReconnect,
  publishPromotion,
  traceOperation,
} from '@multi-tier-cache/core';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type PrometheusCacheMetrics,
  prometheusCacheMetrics,
} from '../src/prometheus-cache-metrics.js';

let server: Server | undefined;
let active: PrometheusCacheMetrics | undefined;
afterEach(async () => {
  active?.disable();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Serves the registry on a free loopback port, as an application would. */
async function serve(registry: Registry): Promise<() => Promise<string>> {
  server = createServer(async (_request, response) => {
    response.setHeader('content-type', registry.contentType);
    response.end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
}

function read(key: string, tier: string | undefined, outcome: 'hit' | 'miss' | 'stale') {
  return traceOperation(
    diagnosticsChannels.get,
    operationContext.get,
    async function answer(_key: string, context: GetContext | undefined) {
      if (context !== undefined) {
        context.tier = tier;
        context.outcome = outcome;
      }
      return undefined;
    },
    undefined,
    key,
  );
}

/** The sample lines of a scrape, without HELP/TYPE comments. */
const samples = (text: string) =>
  text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('prometheusCacheMetrics scraped over HTTP', () => {
  it('exposes hits, misses and stale reads per tier and operation latency', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    await read('a', 'l1', 'hit');
    await read('b', 'l1', 'hit');
    await read('c', 'redis', 'stale');
    await read('d', undefined, 'miss');
    const lines = samples(await scrape());
    expect(lines).toEqual(
      expect.arrayContaining([
        'multi_tier_cache_lookups_total{operation="get",tier="l1",outcome="hit"} 2',
        'multi_tier_cache_lookups_total{operation="get",tier="redis",outcome="stale"} 1',
        'multi_tier_cache_lookups_total{operation="get",outcome="miss"} 1',
        'multi_tier_cache_operation_duration_seconds_count{operation="get",tier="l1",outcome="hit"} 2',
        'multi_tier_cache_operation_duration_seconds_bucket{le="+Inf",operation="get",tier="redis",outcome="stale"} 1',
      ]),
    );
  });

  it('exposes errors by CacheError code', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    const failure = new CacheError('tier-failure', 'redis refused the connection');
    const fail = () => Promise.reject(failure);
    await expect(
      traceOperation(diagnosticsChannels.set, operationContext.set, fail, undefined, 'k'),
    ).rejects.toBe(failure);
    expect(samples(await scrape())).toEqual(
      expect.arrayContaining([
        'multi_tier_cache_errors_total{operation="set",error_type="tier-failure"} 1',
        'multi_tier_cache_operation_duration_seconds_count{operation="set",error_type="tier-failure"} 1',
      ]),
    );
  });

  it('exposes breaker state, promotions and the bus counters', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    publishBreaker('redis', 'open', 5);
    publishBreaker('redis', 'half-open', 5);
    publishPromotion('k', 'redis', 'l1', 1000);
    publishBusGap('subscription lost', 'clear-l1');
    publishBusReconnect(2_000);
    publishBusDropped('forged', 3);
    expect(samples(await scrape())).toEqual(
      expect.arrayContaining([
        'multi_tier_cache_breaker_state{tier="redis"} 1',
        'multi_tier_cache_breaker_transitions_total{tier="redis",state="open"} 1',
        'multi_tier_cache_breaker_transitions_total{tier="redis",state="half-open"} 1',
        'multi_tier_cache_promotions_total{from="redis",to="l1"} 1',
        'multi_tier_cache_bus_gaps_total{action="clear-l1"} 1',
        'multi_tier_cache_bus_reconnects_total 1',
        'multi_tier_cache_bus_downtime_seconds_sum 2',
        'multi_tier_cache_bus_dropped_total{reason="forged"} 3',
      ]),
    );
  });

  it('uses the prefix it is given, and disable() removes its metrics so it can register again', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry, prefix: 'shop_cache_' });
    await read('a', 'l1', 'hit');
    expect(await registry.metrics()).toContain(
      'shop_cache_lookups_total{operation="get",tier="l1",outcome="hit"} 1',
    );
    active.disable();
    expect(await registry.metrics()).toBe('\n');
    active = prometheusCacheMetrics({ registry, prefix: 'shop_cache_' });
    await read('a', 'l1', 'hit');
    expect(await registry.metrics()).toContain(
      'shop_cache_lookups_total{operation="get",tier="l1",outcome="hit"} 1',
    );
  });

  it('refuses a prefix Prometheus cannot hold', () => {
    expect(() => prometheusCacheMetrics({ registry: new Registry(), prefix: 'my-cache.' })).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });
});

describe('the Grafana dashboard', () => {
  it('queries only metrics this package exposes', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const exposed = new Set(
      (await registry.getMetricsAsJSON()).flatMap((metric) =>
        String(metric.type) === 'histogram'
          ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
          : [metric.name],
      ),
    );
    const dashboard = JSON.parse(
      readFileSync(new URL('../dashboard/multi-tier-cache.json', import.meta.url), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const queried = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => target.expr.match(/multi_tier_cache_[a-z_]+/g) ?? []);
    expect(queried.length).toBeGreaterThan(5);
    for (const name of queried) expect(exposed, name).toContain(name);
  });
});
