import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('getOrCompute', () => {
  it('runs one computation for 1000 concurrent callers of a cold key', async () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(20);
      return { computed: true };
    };
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => cache.getOrCompute('cold', compute)),
    );
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(cache.stats()).toMatchObject({
      computations: 1,
      coalesced: 999,
      inFlight: 0,
      misses: 1000,
    });
  });

  it('gives every waiter the same error and caches nothing when the computation fails', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2] });
    const failure = new Error('database down');
    const compute = async () => {
      await tick(5);
      throw failure;
    };
    const settled = await Promise.allSettled([1, 2, 3].map(() => cache.getOrCompute('k', compute)));
    expect(
      settled.every((result) => result.status === 'rejected' && result.reason === failure),
    ).toBe(true);
    expect(await l2.get('k')).toBeUndefined();
    expect(await cache.getOrCompute('k', () => 'recovered')).toBe('recovered');
  });

  it('returns a value found in a shared tier without computing', async () => {
    const l2 = memoryL2Store();
    await l2.set('k', new TextEncoder().encode('"from-l2"'), 60_000);
    const cache = createCache({ l2: [l2] });
    expect(await cache.getOrCompute('k', () => 'computed')).toBe('from-l2');
    expect(cache.stats().computations).toBe(0);
  });

  it('lets one caller stop waiting through its signal without cancelling the others', async () => {
    const cache = createCache();
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(30);
      return 'done';
    };
    const controller = new AbortController();
    const impatient = cache.getOrCompute('k', compute, { signal: controller.signal });
    const patient = cache.getOrCompute('k', compute);
    controller.abort();
    await expect(impatient).rejects.toMatchObject({ code: 'aborted' });
    expect(await patient).toBe('done');
    expect(runs).toBe(1);
    expect(await cache.get('k')).toBe('done');
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const cache = createCache();
    await expect(
      cache.getOrCompute('k', () => 1, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: 'aborted',
    });
  });

  it('does not put a result into L1 when its key was invalidated during the computation', async () => {
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: [memoryL2Store()] });
    let release!: () => void;
    const pending = cache.getOrCompute(
      'k',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('stale');
        }),
    );
    await tick(1);
    await cache.invalidate('k');
    release();
    expect(await pending).toBe('stale');
    expect(l1.get('k')).toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
  });

  it('uses the TTL given by options or strategy', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    await cache.getOrCompute('k', () => 1, { ttl: '10s' });
    expect((await l2.get('k'))!.ttlMs).toBeLessThanOrEqual(10_000);
  });

  it('refuses a computation that returns undefined', async () => {
    const cache = createCache();
    await expect(cache.getOrCompute('k', () => undefined)).rejects.toMatchObject({
      code: 'invalid-value',
    });
  });
});
