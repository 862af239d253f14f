import type { L2Store } from '@multi-tier-cache/core';
import type { Redis } from 'ioredis';

/**
 * The least L2Store a real Redis needs for core's own tests (GET and PTTL in one MULTI, SET PX);
 * the real stores live in their packages, which depend on core.
 */
export function plainRedisStore(client: Redis, prefix: string): L2Store {
  const store: L2Store = {
    name: 'redis',
    capabilities: { deleteMatching: false, remainingTtl: true },
    async get(key) {
      const [value, ttl] = await client
        .multi()
        .getBuffer(prefix + key)
        .pttl(prefix + key)
        .exec()
        .then((replies) => replies!.map(([, reply]) => reply) as [Buffer | null, number]);
      return value === null
        ? undefined
        : { value: new Uint8Array(value), ttlMs: ttl > 0 ? ttl : undefined };
    },
    async getMany(keys) {
      return Promise.all(keys.map((key) => store.get(key)));
    },
    async set(key, value, ttlMs) {
      await client.set(prefix + key, Buffer.from(value), 'PX', Math.ceil(ttlMs));
    },
    async setMany(entries) {
      for (const entry of entries) await store.set(entry.key, entry.value, entry.ttlMs);
    },
    async delete(keys) {
      return client.del(...keys.map((key) => prefix + key));
    },
    async clear() {},
    async ping() {
      const started = performance.now();
      await client.ping();
      return performance.now() - started;
    },
    async close() {},
  };
  return store;
}
