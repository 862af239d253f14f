import { describe, expect, it } from 'vitest';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

describe('l1: false', () => {
  it('keeps nothing in process: every read is answered by the shared tier', async () => {
    const cache = createCache({ l1: false, l2: [memoryL2Store()] });
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(await cache.get('k')).toBe(1);
    expect(cache.peekL1('k')).toBeUndefined();
    let runs = 0;
    expect(await cache.getOrCompute('c', () => ++runs)).toBe(1);
    expect(await cache.getOrCompute('c', () => ++runs)).toBe(1);
    expect(cache.stats()).toMatchObject({ requests: 4, l1Hits: 0, l2Hits: 3, misses: 1 });
    expect((await cache.healthCheck()).l1).toEqual({ name: 'none', healthy: true, status: 'ok' });
  });
});
