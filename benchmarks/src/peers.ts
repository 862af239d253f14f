import KeyvRedis, { createKeyv as createKeyvRedis } from '@keyv/redis';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { createCache as createCacheManager } from 'cache-manager';
import { Cacheable, CacheableMemory } from 'cacheable';
import { Keyv } from 'keyv';

/** What the benchmark needs of any cache library: read, write, delete, close. */
export interface PeerCache {
  readonly name: string;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  close(): Promise<void>;
}

/** How a peer is set up: with its own memory L1 in front of Redis, or Redis alone. */
export interface PeerOptions {
  readonly url: string;
  /** Put the library's own memory tier in front of Redis. */
  readonly l1: boolean;
  /** Key prefix in Redis, so contenders never read each other's entries. */
  readonly prefix: string;
  /** bentocache only: its Redis bus, so deletes reach other instances' L1. */
  readonly bus?: boolean;
}

const TTL_MS = 3_600_000;
const L1_ENTRIES = 10_000;

const redisOptions = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
};

/** bentocache with its memory driver as L1, its ioredis-based Redis driver as L2, its Redis bus. */
export function createBentocache(options: PeerOptions) {
  const store = bentostore();
  if (options.l1) store.useL1Layer(memoryDriver({ maxItems: L1_ENTRIES }));
  store.useL2Layer(redisDriver({ connection: redisOptions(options.url) }));
  if (options.bus) store.useBus(redisBusDriver({ connection: redisOptions(options.url) }));
  return new BentoCache({
    default: 'cache',
    stores: { cache: store },
    prefix: options.prefix,
    ttl: TTL_MS,
  });
}

/** bentocache behind the common {@link PeerCache} shape. */
export function bentocachePeer(options: PeerOptions): PeerCache {
  const bento = createBentocache(options);
  return {
    name: 'bentocache',
    get: (key) => bento.get({ key }),
    set: (key, value) => bento.set({ key, value }),
    delete: (key) => bento.delete({ key }),
    close: () => bento.disconnectAll(),
  };
}

/**
 * node-redis at its fastest: no per-command timer. node-redis 6 arms a 5-second
 * `AbortSignal.timeout` per command by default (it only bounds the wait to be written); those
 * timers cost node-redis users up to 7x their throughput at 64 callers, and as they fire and are
 * collected seconds later they slow whichever contender is being measured then.
 */
export const nodeRedisOptions = (url: string) => ({ url, commandOptions: { timeout: 0 } });

/** cache-manager 7 with a CacheableMemory Keyv as L1 and a `@keyv/redis` Keyv as L2. */
export function cacheManagerPeer(options: PeerOptions): PeerCache {
  const stores = [
    ...(options.l1
      ? [new Keyv({ store: new CacheableMemory({ ttl: TTL_MS, lruSize: L1_ENTRIES }) })]
      : []),
    createKeyvRedis(nodeRedisOptions(options.url), { namespace: options.prefix }),
  ];
  const cache = createCacheManager({ stores, ttl: TTL_MS });
  return {
    name: 'cache-manager',
    get: (key) => cache.get(key),
    set: (key, value) => cache.set(key, value),
    delete: (key) => cache.del(key),
    close: async () => {
      await cache.disconnect();
    },
  };
}

/** cacheable with its default memory primary and `@keyv/redis` as secondary. */
export function cacheablePeer(options: PeerOptions): PeerCache {
  const redis = new KeyvRedis(nodeRedisOptions(options.url), { namespace: options.prefix });
  const cache = options.l1
    ? new Cacheable({ secondary: redis, ttl: TTL_MS })
    : new Cacheable({ primary: redis, ttl: TTL_MS });
  return {
    name: 'cacheable',
    get: (key) => cache.get(key),
    set: (key, value) => cache.set(key, value),
    delete: (key) => cache.delete(key),
    close: () => cache.disconnect(),
  };
}
