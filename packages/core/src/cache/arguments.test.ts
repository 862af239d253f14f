import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function cacheWithTiers() {
  const l1 = memoryL1Store();
  const l2 = memoryL2Store();
  return { l1, l2, cache: createCache({ l1, l2: [l2] }) };
}

/** Calls `run` and hands back its promise; a synchronous throw fails the test. */
function call<T>(run: () => Promise<T>): Promise<T> {
  let promise: Promise<T> | undefined;
  expect(() => {
    promise = run();
  }).not.toThrow();
  return promise!;
}

describe('invalid arguments poison nothing', () => {
  it('rejects getOrCompute with ttl 0 without registering the key, so the next call computes', async () => {
    const { cache } = cacheWithTiers();
    let computed = 0;
    const bad = call(() => cache.getOrCompute('k', () => ++computed, { ttl: 0 }));
    await expect(bad).rejects.toMatchObject({ code: 'invalid-ttl' });
    expect(computed).toBe(0);
    expect(await cache.getOrCompute('k', () => 'fresh')).toBe('fresh');
    expect(cache.stats()).toMatchObject({ requests: 1, misses: 1, computations: 1, inFlight: 0 });
  });

  it('rejects every malformed TTL with invalid-ttl and writes nothing', async () => {
    const { cache, l1, l2 } = cacheWithTiers();
    const bad = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, null, 'soon', { ttl: -5 }, true];
    for (const ttl of bad) {
      await expect(call(() => cache.set('k', 1, ttl as never))).rejects.toMatchObject({
        code: 'invalid-ttl',
      });
      await expect(
        call(() => cache.getOrCompute('k', () => 1, ttl as never)),
      ).rejects.toMatchObject({ code: 'invalid-ttl' });
      await expect(call(() => cache.updateCache('k', 1, ttl as never))).rejects.toMatchObject({
        code: 'invalid-ttl',
      });
    }
    expect(l1.get('k')).toBeUndefined();
    expect(await l2.get('k')).toBeUndefined();
  });

  it('takes a plain number as the TTL in milliseconds, as cache-manager does', async () => {
    const { cache, l2 } = cacheWithTiers();
    await cache.set('k', 1, 300_000);
    const ttlMs = (await l2.get('k'))!.ttlMs!;
    expect(ttlMs).toBeGreaterThan(290_000);
    expect(ttlMs).toBeLessThanOrEqual(300_000);
    await cache.getOrCompute('c', () => 2, 20_000);
    expect((await l2.get('c'))!.ttlMs).toBeLessThanOrEqual(20_000);
    await cache.set('s', 3, '10s');
    expect((await l2.get('s'))!.ttlMs).toBeLessThanOrEqual(10_000);
  });

  it('rejects bad keys, computations and signals instead of throwing', async () => {
    const { cache } = cacheWithTiers();
    await expect(call(() => cache.get(42 as never))).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(call(() => cache.delete(42 as never))).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(call(() => cache.invalidate([''] as never))).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(call(() => cache.invalidatePattern(''))).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(
      call(() => cache.getOrCompute('k', 'not a function' as never)),
    ).rejects.toMatchObject({ code: 'invalid-value' });
    await expect(
      call(() => cache.getOrCompute('k', () => 1, { signal: 'stop' as never })),
    ).rejects.toMatchObject({ code: 'invalid-value' });
    expect(await cache.getOrCompute('k', () => 'ok')).toBe('ok');
  });
});
