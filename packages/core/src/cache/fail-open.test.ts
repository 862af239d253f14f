import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { createCache } from './create-cache.js';

/** A shared tier whose every call fails (down) or never settles (hung): core's own unit tests only. */
function brokenStore(mode: 'down' | 'hung'): L2Store & { calls: number } {
  const base = memoryL2Store({ name: `broken-${mode}` });
  const store = { ...base, calls: 0 } as L2Store & { calls: number };
  for (const method of [
    'get',
    'getMany',
    'set',
    'setMany',
    'delete',
    'deleteMatching',
    'clear',
    'ping',
  ] as const) {
    (store as unknown as Record<string, unknown>)[method] = () => {
      store.calls++;
      return mode === 'down' ? Promise.reject(new Error('ECONNREFUSED')) : new Promise(() => {});
    };
  }
  return store;
}

describe('fail-open shared tiers', () => {
  it('answers from L1 and computations while a tier refuses connections, counting each error', async () => {
    const down = brokenStore('down');
    const errors: string[] = [];
    const cache = createCache({ l1: memoryL1Store(), l2: [down] });
    cache.on('error', ({ tier, operation }) => errors.push(`${tier}.${operation}`));
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(await cache.get('other')).toBeUndefined();
    expect(await cache.getOrCompute('computed', () => 2)).toBe(2);
    expect(cache.stats().tiers[0]!.errors).toBeGreaterThanOrEqual(3);
    expect(errors).toContain('broken-down.get');
    expect(errors).toContain('broken-down.set');
  });

  it('returns within the timeout when a tier hangs', async () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [brokenStore('hung')], timeout: 50 });
    const started = Date.now();
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 1);
    expect(await cache.getOrCompute('c', () => 3)).toBe(3);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(cache.stats().tiers[0]!.timeouts).toBeGreaterThanOrEqual(2);
  });

  it('stops calling a failing tier once its breaker opens, then tries again after the cooldown', async () => {
    const down = brokenStore('down');
    const cache = createCache({ l2: [down], breaker: { failureThreshold: 3, cooldownMs: 50 } });
    for (let i = 0; i < 10; i++) await cache.get(`k${i}`);
    expect(down.calls).toBe(3);
    expect(cache.stats().tiers[0]!.circuitOpen).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.get('again');
    expect(down.calls).toBe(4);
  });

  it('rejects with the tier error in strict mode', async () => {
    const cache = createCache({ l2: [brokenStore('down')], strict: true });
    await expect(cache.get('k')).rejects.toThrow(/ECONNREFUSED/);
    await expect(cache.set('k', 1)).rejects.toMatchObject({ code: 'tier-failure' });
  });

  it('falls through a failing L2 to a working L3', async () => {
    const l3 = memoryL2Store({ name: 'l3' });
    await l3.set('k', new TextEncoder().encode('"deep"'), 60_000);
    const cache = createCache({ l2: [brokenStore('down'), l3] });
    expect(await cache.get('k')).toBe('deep');
  });

  it('reports healthy while L1 works, with the shared tier marked down', async () => {
    const cache = createCache({ l2: [brokenStore('down'), memoryL2Store({ name: 'ok' })] });
    const report = await cache.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.tiers.map((tier) => [tier.name, tier.healthy])).toEqual([
      ['broken-down', false],
      ['ok', true],
    ]);
  });
});
