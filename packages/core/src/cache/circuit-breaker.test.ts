import { afterEach, describe, expect, it, vi } from 'vitest';
import { faultyL2, outcome } from '../../test/support/faulty-stores.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('half-open circuit breaker', () => {
  it('lets exactly one probe through after the cooldown while a hung tier stays hung', async () => {
    const l2 = faultyL2(memoryL2Store(), { get: 'hang' });
    const cache = createCache({
      l2: [l2.store],
      timeout: 20,
      breaker: { failureThreshold: 2, cooldownMs: 150 },
    });
    await Promise.all([cache.get('a'), cache.get('b')]);
    expect(cache.stats().tiers[0]!.circuitOpen).toBe(true);
    expect(l2.state.calls).toBe(2);

    await sleep(170);
    const burst = Array.from({ length: 10 }, (_, index) => cache.get(`k${index}`));
    expect(l2.state.calls).toBe(3);
    await Promise.all(burst);
    // The probe timed out: open again, still skipping.
    await Promise.all(Array.from({ length: 5 }, (_, index) => cache.get(`again${index}`)));
    expect(l2.state.calls).toBe(3);

    await sleep(170);
    l2.state.faults = {};
    await cache.get('probe');
    expect(l2.state.calls).toBe(4);
    expect(cache.stats().tiers[0]!.circuitOpen).toBe(false);
    await Promise.all(Array.from({ length: 5 }, (_, index) => cache.get(`closed${index}`)));
    expect(l2.state.calls).toBe(9);
  });

  it('times calls out on a monotonic clock, whatever the wall clock does', async () => {
    const cache = createCache({
      l2: [faultyL2(memoryL2Store(), { get: 'hang' }).store],
      timeout: 50,
    });
    const realNow = Date.now.bind(Date);
    const pending = cache.get('k');
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 60_000);
    expect(await outcome(pending, 2000)).toBe('fulfilled');
  });

  it('refuses a timeout longer than a timer can wait', () => {
    expect(() => createCache({ timeout: 2 ** 31 })).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
    expect(() => createCache({ timeout: 2 ** 31 - 1 })).not.toThrow();
  });
});
