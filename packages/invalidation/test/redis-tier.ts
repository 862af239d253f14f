import type { L2Entry, L2Store, L2WriteEntry } from '@multi-tier-cache/core';
import type { Redis } from 'ioredis';

/**
 * A minimal shared tier on a real Redis (GET/SET PX/DEL under a prefix), so bus tests can show
 * what an instance reads from the shared tier without depending on a store package.
 */
export function redisTier(client: Redis, prefix: string): L2Store {
  const at = (key: string) => `${prefix}${key}`;
  const get = async (key: string): Promise<L2Entry | undefined> => {
    const [[, value], [, ttl]] = (await client.multi().getBuffer(at(key)).pttl(at(key)).exec()) as [
      [null, Buffer | null],
      [null, number],
    ];
    return value === null ? undefined : { value, ttlMs: ttl > 0 ? ttl : undefined };
  };
  const set = async (key: string, value: Uint8Array, ttlMs: number) => {
    await client.set(at(key), Buffer.from(value), 'PX', Math.max(1, Math.ceil(ttlMs)));
  };
  return {
    name: 'redis-tier',
    capabilities: { deleteMatching: false, remainingTtl: true },
    get,
    getMany: (keys) => Promise.all(keys.map(get)),
    set,
    setMany: async (entries: readonly L2WriteEntry[]) => {
      for (const entry of entries) await set(entry.key, entry.value, entry.ttlMs);
    },
    delete: async (keys) => (keys.length === 0 ? 0 : client.del(...keys.map(at))),
    clear: async () => {},
    ping: async () => {
      const started = performance.now();
      await client.ping();
      return performance.now() - started;
    },
    close: async () => {},
  };
}
