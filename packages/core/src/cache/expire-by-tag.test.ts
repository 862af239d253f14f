import { describe, expect, it, vi } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const down = () => Promise.reject(new Error('database down'));

/** A bus that delivers nothing and says so, as one whose subscriber was killed. */
function deafBus(): Bus {
  return {
    publish: async () => {},
    subscribe: () => () => {},
    stats: () => ({ subscribed: false }),
    close: async () => {},
  };
}

function instances(buses: (() => Bus)[]) {
  const shared = new Map<string, MemoryL2Slot>();
  return buses.map((bus) =>
    createCache({ l1: memoryL1Store(), l2: [memoryL2Store({ data: shared })], bus: bus() }),
  );
}

describe('expireByTag', () => {
  it('makes tagged graced entries stale on every instance, kept as a fallback; others stay fresh', async () => {
    const hub = memoryBusHub();
    const [a, b] = instances([hub.connect, hub.connect]);
    const options = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;
    await a!.getOrCompute('page:1', () => 'p1', options);
    await a!.getOrCompute('page:2', () => 'p2', { ttl: '1m', grace: '1h', tags: 'product:9' });
    expect(await b!.getOrCompute('page:1', () => 'unused', options)).toBe('p1');
    await a!.expireByTag('product:7');
    for (const cache of [a!, b!]) {
      expect(cache.peekL1('page:1')).toBeUndefined();
      expect(await cache.get('page:1')).toBeUndefined();
      expect(await cache.has('page:1')).toBe(true);
      expect(await cache.get('page:2')).toBe('p2');
    }
    // The failure makes `a` back off and serve the stale value; `b` recomputes.
    expect(await a!.getOrCompute('page:1', down, options)).toBe('p1');
    expect(await b!.getOrCompute('page:1', () => 'p1 new', options)).toBe('p1 new');
    expect(await b!.get('page:1')).toBe('p1 new');
  });

  it('hands the stale value to the factory as ctx.stale', async () => {
    const [a] = instances([memoryBusHub().connect]);
    const options = { ttl: '1m', grace: '1h', tags: ['product:7'] } as const;
    await a!.set('page:1', 'old', options);
    await a!.expireByTag(['product:7']);
    let seen: unknown;
    const value = await a!.getOrCompute(
      'page:1',
      (ctx) => {
        seen = ctx.stale;
        return 'new';
      },
      options,
    );
    expect([seen, value]).toEqual(['old', 'new']);
  });

  it('removes tagged entries without grace, as deleteByTag does', async () => {
    const hub = memoryBusHub();
    const [a, b] = instances([hub.connect, hub.connect]);
    await a!.set('page:1', 'p1', { tags: 'product:7' });
    expect(await b!.get('page:1')).toBe('p1');
    await a!.expireByTag('product:7');
    for (const cache of [a!, b!]) {
      expect(await cache.get('page:1')).toBeUndefined();
      expect(await cache.has('page:1')).toBe(false);
      await expect(cache.getOrCompute('page:1', down, { tags: 'product:7' })).rejects.toThrow(
        'database down',
      );
    }
  });

  it('an instance that missed the message serves the entry as stale, not fresh', async () => {
    const hub = memoryBusHub();
    const [a, b] = instances([hub.connect, deafBus]);
    const options = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;
    await a!.set('page:1', 'p1', options);
    expect(await b!.get('page:1')).toBe('p1');
    await a!.expireByTag('product:7');
    expect(await b!.get('page:1')).toBeUndefined();
    expect(await b!.getOrCompute('page:1', down, options)).toBe('p1');
  });

  it('an entry written after the call is fresh', async () => {
    const [a] = instances([memoryBusHub().connect]);
    const options = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;
    await a!.set('page:1', 'old', options);
    await a!.expireByTag('product:7');
    await a!.set('page:1', 'new', options);
    expect(await a!.get('page:1')).toBe('new');
  });

  it('deleteByTag after expireByTag removes the stale entries', async () => {
    const hub = memoryBusHub();
    const [a, b] = instances([hub.connect, deafBus]);
    const options = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;
    await a!.set('page:1', 'p1', options);
    await a!.expireByTag('product:7');
    expect(await a!.getOrCompute('page:1', down, options)).toBe('p1');
    await a!.deleteByTag('product:7');
    for (const cache of [a!, b!]) {
      await expect(cache.getOrCompute('page:1', down, options)).rejects.toThrow('database down');
    }
  });

  it('expire(key) does not bring back an entry invalidated by deleteByTag', async () => {
    const [a] = instances([deafBus]);
    const options = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;
    await a!.set('page:1', 'old', options);
    await a!.deleteByTag('product:7');
    // A later millisecond: the expiry's rewrite must not take a write time after the tag's.
    const tagged = Date.now();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(tagged));
    await a!.expire('page:1');
    await expect(a!.getOrCompute('page:1', down, options)).rejects.toThrow('database down');
  });

  it('refuses reserved tags and a closed cache', async () => {
    const [a] = instances([memoryBusHub().connect]);
    await expect(a!.expireByTag('__mtc:x')).rejects.toMatchObject({ code: 'invalid-key' });
    await a!.close();
    await expect(a!.expireByTag('t')).rejects.toMatchObject({ code: 'closed' });
  });
});
