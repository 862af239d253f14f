import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { until } from './helpers.js';
import { type TrackedPair, trackedPair } from './tracking-deployments.js';

const keys = (name: string) => Array.from({ length: 10 }, (_, i) => `${name}:${i}`);
const EXTERNAL = keys('external');
const PUBLISHED = keys('published');
const UNTOUCHED = keys('untouched');

/** Kills every connection that redirects tracking to itself, as a network fault would. */
async function killTrackers(raw: TrackedPair['raw']): Promise<number> {
  const list = (await raw.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => /\bflags=\w*t/.test(line) && /\bsub=[1-9]/.test(line))
    .map((line) => /id=(\d+)/.exec(line)![1]!);
  for (const id of ids) await raw.client('KILL', 'ID', id);
  return ids.length;
}

for (const client of ['ioredis', 'node-redis'] as const) {
  describe(`a tracking gap with replay configured (${client})`, () => {
    let redis: RedisServer;
    let pair: TrackedPair;

    beforeAll(async () => {
      redis = await startRedis();
      pair = await trackedPair(
        client,
        { kind: 'standalone', url: redis.url },
        { retryIntervalMs: 100, replay: { maxLen: 1000 } },
      );
    });
    afterAll(async () => {
      await pair?.close();
      await redis?.stop();
    });

    test('serves none of the keys changed outside the library during the gap: the log cannot hold them, so L1 is cleared', async () => {
      for (const cache of pair.caches) {
        for (const key of [...EXTERNAL, ...PUBLISHED, ...UNTOUCHED]) {
          await cache.set(key, `cached ${key}`, { ttl: '10m', broadcast: false });
        }
      }
      // Keep tracking away while the keys change: its connections cannot enable it again.
      await pair.raw.call('ACL', 'SETUSER', 'default', '-client|tracking');
      try {
        expect(await killTrackers(pair.raw)).toBe(2);
        for (const [index, bus] of pair.buses.entries()) {
          await until(`instance ${index} lost tracking`, () => !bus.stats().tracking!.active);
        }
        for (const key of EXTERNAL) await pair.raw.set(`${pair.prefix}${key}`, 'changed elsewhere');
        await pair.caches[1]!.delete(PUBLISHED);
        for (const [index, cache] of pair.caches.entries()) {
          await until(`instance ${index} applied the published deletes`, async () => {
            for (const key of PUBLISHED) if ((await cache.get(key)) !== undefined) return false;
            return true;
          });
        }
      } finally {
        await pair.raw.call('ACL', 'SETUSER', 'default', '+client|tracking');
      }
      for (const [index, bus] of pair.buses.entries()) {
        await until(
          `instance ${index} tracks again`,
          () => bus.stats().tracking!.gaps === 1 && bus.stats().tracking!.active,
        );
      }
      for (const cache of pair.caches) {
        for (const key of EXTERNAL) expect(await cache.get(key), key).toBeUndefined();
        for (const key of PUBLISHED) expect(await cache.get(key), key).toBeUndefined();
      }
      // The log replayed nothing: the published deletes had arrived live, the external writes
      // were never in it.
      for (const bus of pair.buses) expect(bus.stats().replay!.replayed).toBe(0);
    });
  });
}
