import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCache, type L2Store, memoryL2Store } from '@multi-tier-cache/core';
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

async function serve(registry: Registry): Promise<() => Promise<string[]>> {
  server = createServer(async (_request, response) => {
    response.setHeader('content-type', registry.contentType);
    response.end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  };
}

/** A store whose reads fail, as a Redis that refuses connections does. */
function refusingStore(): L2Store {
  const base = memoryL2Store({ name: 'refusing' });
  return {
    ...base,
    get: () =>
      Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ),
  };
}

describe('prometheusCacheMetrics on a real cache', () => {
  it('counts a miss, an L2 hit with its promotion, then an L1 hit, per tier', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    const l2 = memoryL2Store({ name: 'shared' });
    const cache = createCache({ l2: [l2] });

    await cache.get('user:1');
    await l2.set('user:1', new TextEncoder().encode('"Ada"'), 60_000);
    expect(await cache.get('user:1')).toBe('Ada');
    expect(await cache.get('user:1')).toBe('Ada');

    const lines = await scrape();
    expect(lines).toContain('multi_tier_cache_lookups_total{operation="get",outcome="miss"} 1');
    expect(lines).toContain(
      'multi_tier_cache_lookups_total{operation="get",tier="shared",outcome="hit"} 1',
    );
    expect(lines).toContain(
      'multi_tier_cache_lookups_total{operation="get",tier="memory",outcome="hit"} 1',
    );
    expect(lines).toContain('multi_tier_cache_promotions_total{from="shared",to="memory"} 1');
    expect(lines).toContain(
      'multi_tier_cache_operation_duration_seconds_count{operation="get",tier="memory",outcome="hit"} 1',
    );
  });

  it('counts a failing store in errors_total with its tier, though the read falls back', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    const cache = createCache({ l2: [refusingStore()] });

    expect(await cache.getOrCompute('k', () => 1)).toBe(1);

    expect(await scrape()).toContain(
      'multi_tier_cache_errors_total{operation="get",tier="refusing",error_type="ECONNREFUSED"} 1',
    );
  });

  it('times batch, tag, expire and namespace clear calls per operation', async () => {
    const registry = new Registry();
    active = prometheusCacheMetrics({ registry });
    const scrape = await serve(registry);
    const cache = createCache({ l2: [memoryL2Store({ name: 'shared' })] });

    await cache.setMany([{ key: 'a', value: 1 }]);
    await cache.getMany(['a', 'b']);
    await cache.getOrComputeMany(['a', 'c'], () => ({ c: 3 }));
    await cache.expire('a');
    await cache.deleteByTag('team:7');
    await cache.namespace('users').clear();

    const lines = await scrape();
    for (const operation of [
      'setMany',
      'getMany',
      'getOrComputeMany',
      'expire',
      'deleteByTag',
      'clear',
    ]) {
      expect(lines).toContain(
        `multi_tier_cache_operation_duration_seconds_count{operation="${operation}"} 1`,
      );
    }
  });
});
