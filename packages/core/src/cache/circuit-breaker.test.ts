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

  it('lets timers and I/O run while a caller loops on a skipped tier', async () => {
    const l2 = faultyL2(memoryL2Store(), { get: 'hang' });
    const cache = createCache({
      l2: [l2.store],
      timeout: 20,
      breaker: { failureThreshold: 1, cooldownMs: 10 },
    });
    let stoppedByTimer = false;
    setTimeout(() => {
      stoppedByTimer = true;
    }, 100);
    // Several callers, so while one waits on the probe the others keep looping; bounded, so a
    // loop that starves the event loop ends and fails instead of hanging.
    let starved = false;
    const loop = async (caller: number) => {
      for (let calls = 0; !stoppedByTimer; calls++) {
        if (calls === 300_000) {
          starved = true;
          return;
        }
        await cache.get(`k:${caller}:${calls}`);
      }
    };
    await Promise.all([0, 1, 2, 3].map(loop));
    expect(starved).toBe(false);
    expect(l2.state.calls).toBeGreaterThan(1);
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
