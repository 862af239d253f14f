import { describe, expect, it } from 'vitest';
import { faultyL2 } from '../../test/support/faulty-stores.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

describe('strict mode', () => {
  it('says what happened: the store error message and cause, not a timeout', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');
    const store = { ...memoryL2Store({ name: 'redis' }), get: () => Promise.reject(refused) };
    const cache = createCache({ l2: [store], strict: true, timeout: 1000 });
    const error = await cache.get('k').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({
      code: 'tier-failure',
      message: 'redis.get failed: connect ECONNREFUSED 127.0.0.1:6390',
      cause: refused,
    });
  });

  it('hands out a computed value whose shared-tier write failed, and emits the failure', async () => {
    const l2 = faultyL2(memoryL2Store({ name: 'redis' }), { set: 'reject' });
    const cache = createCache({ l2: [l2.store], strict: true });
    const errors: string[] = [];
    cache.on('error', ({ tier, operation }) => errors.push(`${tier}.${operation}`));
    expect(await cache.getOrCompute('k', () => 'v')).toBe('v');
    await expect.poll(() => errors).toEqual(['redis.set']);
    expect(cache.stats().tiers[0]!.errors).toBe(1);
  });
});

describe('timeouts', () => {
  it('say what the store reported once it answered too late', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');
    const store = {
      ...memoryL2Store({ name: 'redis' }),
      get: () => new Promise<never>((_, reject) => setTimeout(() => reject(refused), 30)),
    };
    const cache = createCache({ l2: [store], strict: true, timeout: 10 });
    await expect(cache.get('first')).rejects.toMatchObject({
      code: 'timeout',
      message: 'redis.get did not answer within 10 ms',
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await expect(cache.get('second')).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('ECONNREFUSED'),
      cause: refused,
    });
  });
});
