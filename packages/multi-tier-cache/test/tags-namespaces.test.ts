import {
  createCache,
  type L2Store,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { ioredisTransport, type RedisBus, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { CacheNamespace, CacheSystem } from '../src/index.js';

const redisUrl = inject('redisUrl');
const backends: { name: string; store: (prefix: string) => L2Store }[] = [
  { name: 'Redis standalone', store: (prefix) => ioredisStore({ url: redisUrl, prefix }) },
  {
    name: 'Redis Cluster (3 masters)',
    store: (prefix) => ioredisStore({ clusterNodes: inject('clusterNodes'), prefix }),
  },
  {
    name: 'Memcached',
    store: (prefix) => memcachedStore({ servers: inject('memcachedUrl'), prefix }),
  },
];

const opened: MultiTierCache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

let run = 0;
/** `count` instances, each with its own connections, sharing one tier and one bus channel. */
async function instances(store: (prefix: string) => L2Store, count: number) {
  run++;
  const prefix = `mtc-tags-${process.pid}-${run}:`;
  const channel = `${prefix}invalidate`;
  const list: { cache: MultiTierCache; bus: RedisBus }[] = [];
  for (let index = 0; index < count; index++) {
    const bus = redisBus({ transport: ioredisTransport({ url: redisUrl }), channel });
    await bus.ready;
    const cache = createCache({ l1: memoryL1Store(), l2: [store(prefix)], bus });
    opened.push(cache);
    list.push({ cache, bus });
  }
  /** An instance that heard nothing: no bus, empty L1, reading the tier alone. */
  const outsider = () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [store(prefix)] });
    opened.push(cache);
    return cache;
  };
  return { list, outsider };
}

describe.each(backends)('tags and namespaces on $name', ({ store }) => {
  it('deleteByTag on A removes the tagged entries on B, C and in the tier; the others stay', async () => {
    const { list, outsider } = await instances(store, 3);
    const [a, b, c] = list.map(({ cache }) => cache) as [
      MultiTierCache,
      MultiTierCache,
      MultiTierCache,
    ];
    await a.set('page:1', 'p1', { tags: ['product:7'] });
    await a.set('page:2', 'p2', { tags: ['product:7', 'product:9'] });
    await a.set('page:3', 'p3', { tags: ['product:9'] });
    await a.set('plain', 'x');
    for (const cache of [b, c]) {
      for (const key of ['page:1', 'page:2', 'page:3', 'plain'])
        expect(await cache.get(key)).toBeDefined();
    }
    await a.deleteByTag('product:7');
    for (const cache of [a, b, c]) {
      await vi.waitFor(async () => expect(await cache.get('page:1')).toBeUndefined());
      expect(await cache.get('page:2')).toBeUndefined();
      expect(await cache.get('page:3')).toBe('p3');
      expect(await cache.get('plain')).toBe('x');
    }
    const late = outsider();
    expect(await late.getMany(['page:1', 'page:2', 'page:3', 'plain'])).toEqual([
      undefined,
      undefined,
      'p3',
      'x',
    ]);
  });

  it('namespace clear() on A empties it and its nested namespaces everywhere, nothing else', async () => {
    const { list, outsider } = await instances(store, 3);
    const [a, b, c] = list.map(({ cache }) => cache) as [
      MultiTierCache,
      MultiTierCache,
      MultiTierCache,
    ];
    await a.namespace('users').set('1', 'ada');
    await a.namespace('users').namespace('admins').set('1', 'root');
    await a.namespace('orders').set('1', 'order');
    await a.set('users-count', 2);
    for (const cache of [b, c]) {
      expect(await cache.namespace('users').get('1')).toBe('ada');
      expect(await cache.namespace('users').namespace('admins').get('1')).toBe('root');
      expect(await cache.namespace('orders').get('1')).toBe('order');
    }
    await a.namespace('users').clear();
    for (const cache of [a, b, c, outsider()]) {
      await vi.waitFor(async () => expect(await cache.namespace('users').get('1')).toBeUndefined());
      expect(await cache.get('users:admins:1')).toBeUndefined();
      expect(await cache.namespace('orders').get('1')).toBe('order');
      expect(await cache.get('users-count')).toBe(2);
    }
  });
});

describe('tags when a subscriber is killed (Redis standalone)', () => {
  it('B never serves a tagged entry from before deleteByTag, from L1 or L2', async () => {
    const { list } = await instances(backends[0]!.store, 2);
    const [a, b] = list as [(typeof list)[0], (typeof list)[0]];
    await a.cache.set('page:1', 'old', { tags: 'product:7' });
    await a.cache.set('page:2', 'old', { tags: 'product:7' });
    expect(await b.cache.get('page:1')).toBe('old');
    const admin = new Redis(redisUrl);
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    } finally {
      admin.disconnect();
    }
    await a.cache.deleteByTag('product:7');
    const reconnectsBefore = 0;
    for (let reads = 0; reads < 200 && b.bus.stats().reconnects === reconnectsBefore; reads++) {
      expect(await b.cache.get('page:1')).toBeUndefined();
      expect(await b.cache.get('page:2')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await vi.waitFor(() => expect(b.bus.stats().subscribed).toBe(true));
    expect(await b.cache.get('page:1')).toBeUndefined();
    expect(await b.cache.get('page:2')).toBeUndefined();
  });
});

describe('the umbrella', () => {
  it('exposes namespaces and tags on CacheSystem.cacheManager across systems', async () => {
    const prefix = `mtc-tags-umbrella-${process.pid}:`;
    const options = { redisUrl, prefix, invalidation: { channel: `${prefix}invalidate` } };
    const a = await CacheSystem.create(options);
    const b = await CacheSystem.create(options);
    try {
      const pages = a.cacheManager.namespace('pages');
      expect(pages).toBeInstanceOf(CacheNamespace);
      await pages.set('home', 'old', { tags: 'product:7' });
      expect(await b.cacheManager.namespace('pages').get('home')).toBe('old');
      await a.cacheManager.deleteByTag('product:7');
      await vi.waitFor(async () =>
        expect(await b.cacheManager.namespace('pages').get('home')).toBeUndefined(),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
