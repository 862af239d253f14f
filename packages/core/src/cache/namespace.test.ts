import { describe, expect, it, vi } from 'vitest';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { CacheStrategy } from '../strategy.js';
import { createCache } from './create-cache.js';

/** memoryL2Store without `deleteMatching`, as Memcached. */
function unlistable(store: L2Store): L2Store {
  return {
    ...store,
    capabilities: { ...store.capabilities, deleteMatching: false },
    deleteMatching: undefined,
  };
}

function instances(count: number, listKeys = true) {
  const hub = memoryBusHub();
  const shared = new Map<string, MemoryL2Slot>();
  const list = Array.from({ length: count }, () => {
    const l1 = memoryL1Store();
    const store = memoryL2Store({ data: shared });
    const cache = createCache({
      l1,
      l2: [listKeys ? store : unlistable(store)],
      bus: hub.connect(),
    });
    return { l1, cache };
  });
  return { shared, list };
}

describe('namespaces', () => {
  it('stores keys under the namespace prefix, nested ones under both', async () => {
    const { shared, list } = instances(1);
    const users = list[0]!.cache.namespace('users');
    await users.set('1', 'ada');
    await users.namespace('admins').set('1', 'root');
    expect(await users.get('1')).toBe('ada');
    expect(await list[0]!.cache.get('users:1')).toBe('ada');
    expect(await list[0]!.cache.get('users:admins:1')).toBe('root');
    expect([...shared.keys()].sort()).toEqual(['mtc:users:1', 'mtc:users:admins:1']);
  });

  for (const listKeys of [true, false]) {
    it(`clear() empties the namespace and its nested ones on every instance, nothing else (${listKeys ? 'store lists keys' : 'store without deleteMatching'})`, async () => {
      const { list } = instances(3, listKeys);
      const [a, b, c] = list.map(({ cache }) => cache);
      const seed = a!;
      await seed.namespace('users').set('1', 'ada');
      await seed.namespace('users').namespace('admins').set('1', 'root');
      await seed.namespace('orders').set('1', 'order');
      await seed.set('users-count', 2);
      await seed.set('users', 'root key');
      for (const cache of [b!, c!]) {
        await cache.namespace('users').get('1');
        await cache.namespace('users').namespace('admins').get('1');
        await cache.namespace('orders').get('1');
      }
      await a!.namespace('users').clear();
      for (const cache of [a!, b!, c!]) {
        await vi.waitFor(async () =>
          expect(await cache.namespace('users').get('1')).toBeUndefined(),
        );
        expect(await cache.namespace('users').namespace('admins').get('1')).toBeUndefined();
        expect(await cache.get('users:admins:1')).toBeUndefined();
        expect(await cache.namespace('orders').get('1')).toBe('order');
        expect(await cache.get('users-count')).toBe(2);
        expect(await cache.get('users')).toBe('root key');
      }
      await b!.namespace('users').set('1', 'new');
      expect(await c!.namespace('users').get('1')).toBe('new');
    });
  }

  it('clear() of a nested namespace leaves its parent', async () => {
    const { list } = instances(1, false);
    const users = list[0]!.cache.namespace('users');
    await users.set('1', 'ada');
    await users.namespace('admins').set('1', 'root');
    await users.namespace('admins').clear();
    expect(await users.get('1')).toBe('ada');
    expect(await users.namespace('admins').get('1')).toBeUndefined();
  });

  it('stats() counts only the calls made through the view', async () => {
    const { list } = instances(1);
    const cache = list[0]!.cache;
    const users = cache.namespace('users');
    const orders = cache.namespace('orders');
    await users.set('1', 'ada');
    await users.get('1');
    await users.get('2');
    await users.getOrCompute('3', () => 'bob');
    await users.getOrCompute('3', () => 'never');
    await orders.get('1');
    expect(users.stats()).toMatchObject({
      namespace: 'users',
      requests: 4,
      hits: 2,
      l1Hits: 2,
      misses: 2,
      computations: 1,
    });
    expect(orders.stats()).toMatchObject({ requests: 1, misses: 1 });
    expect(cache.stats().requests).toBe(5);
  });

  it('the computation sees the namespace key; tags reach entries across namespaces', async () => {
    const { list } = instances(1);
    const cache = list[0]!.cache;
    const pages = cache.namespace('pages');
    let seen = '';
    await pages.getOrCompute(
      'home',
      ({ key }) => {
        seen = key;
        return 'html';
      },
      { tags: ['product:7'] },
    );
    await cache.namespace('products').set('7', { price: 1 }, { tags: 'product:7' });
    expect(seen).toBe('home');
    await cache.deleteByTag('product:7');
    expect(await pages.get('home')).toBeUndefined();
    expect(await cache.namespace('products').get('7')).toBeUndefined();
  });

  it('refuses empty, reserved and glob namespace names', () => {
    const cache = createCache();
    for (const name of ['', 'a*', 'b[1]', '__mtc']) {
      expect(() => cache.namespace(name)).toThrow(expect.objectContaining({ code: 'invalid-key' }));
    }
  });

  it('opens no new store: the view uses the cache own tiers', async () => {
    const store = memoryL2Store();
    const cache = createCache({ l2: [store] });
    await cache.namespace('users').set('1', 'ada');
    expect(await store.get('users:1')).toBeDefined();
  });
});

describe('namespaces without deleteMatching', () => {
  it('entries written with a strategy, a number or setMany are cleared too', async () => {
    const { list } = instances(2, false);
    const [a, b] = list.map(({ cache }) => cache);
    const users = a!.namespace('users');
    await users.set('1', 'one', CacheStrategy.ShortTerm);
    await users.set('2', 'two', 60_000);
    await users.setMany([
      { key: '3', value: 'three', ttl: '1m' },
      { key: '4', value: 'four', ttl: CacheStrategy.RealTime },
    ]);
    await users.getOrCompute('5', () => 'five', '1m');
    await users.clear();
    const fresh = b!.namespace('users');
    expect(await fresh.getMany(['1', '2', '3', '4', '5'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('rejects an invalid key without throwing', async () => {
    const users = createCache().namespace('users');
    await expect(users.get('')).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(users.set('', 1)).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(users.getOrCompute('', () => 1)).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(users.has('')).rejects.toMatchObject({ code: 'invalid-key' });
  });
});

describe('a namespace view computing', () => {
  it('hands the computation a context whose methods work (setTags, setTtl)', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const pages = cache.namespace('pages');
    const value = await pages.getOrCompute('home', (ctx) => {
      ctx.setTags('product:7');
      ctx.setTtl('1m');
      return `page ${ctx.key}`;
    });
    expect(value).toBe('page home');
    await cache.deleteByTag('product:7');
    expect(await pages.get('home')).toBeUndefined();
  });
});
