import { describe, expect, test } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

/** A bus that delivers nothing and reports the liveness the test sets. */
function silentBus(liveness: { confirmedAt: number; maxStalenessMs: number }): Bus {
  return {
    liveness,
    publish: async () => {},
    subscribe: () => () => {},
    close: async () => {},
  };
}

describe('L1 hits and the bus staleness bound', () => {
  test('an unconfirmed bus turns an L1 hit into a shared-tier read that refreshes L1', async () => {
    const liveness = { confirmedAt: Date.now(), maxStalenessMs: 1000 };
    const l2 = memoryL2Store();
    const cache = createCache({ l1: memoryL1Store(), l2, bus: silentBus(liveness) });
    await cache.set('k', 'old', { ttl: '1m', broadcast: false });
    // Another instance wrote the shared tier; its message never came.
    await l2.set('k', new TextEncoder().encode('"new"'), 60_000);
    expect(await cache.get('k')).toBe('old');

    liveness.confirmedAt = Date.now() - 1001;
    expect(cache.peekL1('k')).toBeUndefined();
    expect(await cache.get('k')).toBe('new');
    expect(cache.stats().l1Hits).toBe(1);

    liveness.confirmedAt = Date.now();
    expect(cache.peekL1('k')).toBe('new');
    await cache.close();
  });

  test('a bus without liveness never stops L1 hits', async () => {
    const cache = createCache({
      l1: memoryL1Store(),
      bus: { ...silentBus({ confirmedAt: 0, maxStalenessMs: 1 }), liveness: undefined },
    });
    await cache.set('k', 'v', { ttl: '1m', broadcast: false });
    expect(cache.peekL1('k')).toBe('v');
    await cache.close();
  });
});
