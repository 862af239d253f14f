import { CacheError } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, redisBus } from '../src/index.js';
import { until } from './helpers.js';
import { type Deployment, type TrackedPair, trackedPair } from './tracking-deployments.js';

const deployments: Deployment[] = [
  { kind: 'standalone', url: vitest.inject('redisUrl') },
  { kind: 'cluster', nodes: vitest.inject('clusterNodes') },
];

/** Keys spread over every master of a Cluster (and harmless on a single server). */
const KEYS = Array.from({ length: 12 }, (_, i) => `user:${i}`);

async function cacheEverywhere(pair: TrackedPair, keys: readonly string[]): Promise<void> {
  for (const cache of pair.caches) {
    for (const key of keys) await cache.set(key, `cached ${key}`, { ttl: '10m', broadcast: false });
  }
}

async function droppedEverywhere(pair: TrackedPair, keys: readonly string[]): Promise<void> {
  for (const [index, cache] of pair.caches.entries()) {
    await until(`instance ${index} dropped ${keys.join(', ')}`, async () => {
      for (const key of keys) if ((await cache.get(key)) !== undefined) return false;
      return true;
    });
  }
}

for (const client of ['ioredis', 'node-redis'] as const) {
  for (const deployment of deployments) {
    describe(`tracking on ${client}, ${deployment.kind}`, () => {
      let pair: TrackedPair;

      beforeAll(async () => {
        pair = await trackedPair(client, deployment);
      });
      afterAll(async () => {
        await pair?.close();
      });

      test('a raw SET of a cached key drops it from every instance', async () => {
        await cacheEverywhere(pair, KEYS);
        for (const key of KEYS) await pair.raw.set(`${pair.prefix}${key}`, 'changed elsewhere');
        await droppedEverywhere(pair, KEYS);
        expect(pair.buses[0]!.stats().tracking).toMatchObject({ active: true });
      });

      test('a raw DEL drops the key, and keys outside the prefix are left alone', async () => {
        await pair.raw.set(`${pair.prefix}gone`, 'x');
        await pair.raw.set('elsewhere:kept', 'x');
        await cacheEverywhere(pair, ['gone', 'kept']);
        await pair.raw.del(`${pair.prefix}gone`);
        await pair.raw.set(`other-${pair.prefix}kept`, 'not ours');
        await droppedEverywhere(pair, ['gone']);
        for (const cache of pair.caches) expect(await cache.get('kept')).toBe('cached kept');
      });

      test('an update pushed after its own Redis write still arrives as a value', async () => {
        const keys = KEYS.map((key) => `pushed:${key}`);
        await cacheEverywhere(pair, keys);
        const [writer, reader] = pair.caches;
        const received = pair.buses[1]!.stats().received.update;
        for (const key of keys) {
          // What updateCache does with a shared tier: the tier's write (reported by tracking on
          // every instance), then the pushed value.
          await pair.raw.set(`${pair.prefix}${key}`, '"v2"');
          await writer!.updateCache(key, 'v2', { ttl: '10m' });
        }
        await until(
          'the updates to arrive',
          () => pair.buses[1]!.stats().received.update === received + keys.length,
        );
        for (const key of keys) expect(await reader!.get(key)).toBe('v2');
      });

      test('EXPIRE, and the expiry itself, drop the key', async () => {
        const key = `${pair.prefix}expiring`;
        await pair.raw.set(key, 'x');
        await cacheEverywhere(pair, ['expiring']);
        await pair.raw.pexpire(key, 300);
        await droppedEverywhere(pair, ['expiring']);
        // Cached again after the EXPIRE was reported: only the expiry can drop it now.
        const before = pair.buses[0]!.stats().tracking!.keys;
        await cacheEverywhere(pair, ['expiring']);
        await until('Redis expired the key', async () => (await pair.raw.exists(key)) === 0);
        await droppedEverywhere(pair, ['expiring']);
        expect(pair.buses[0]!.stats().tracking!.keys).toBeGreaterThan(before);
      });
    });
  }
}

describe('tracking on a Redis that evicts under maxmemory', () => {
  let redis: RedisServer;
  const pairs: TrackedPair[] = [];

  beforeAll(async () => {
    redis = await startRedis({ args: ['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru'] });
  });
  afterAll(async () => {
    await Promise.all(pairs.map((pair) => pair.close()));
    await redis?.stop();
  });

  for (const client of ['ioredis', 'node-redis'] as const) {
    test(`an evicted key is dropped from every instance (${client})`, async () => {
      const pair = await trackedPair(client, { kind: 'standalone', url: redis.url });
      pairs.push(pair);
      await pair.raw.set(`${pair.prefix}evicted`, 'x');
      await cacheEverywhere(pair, ['evicted']);
      const filler = 'f'.repeat(64 * 1024);
      for (let i = 0; (await pair.raw.exists(`${pair.prefix}evicted`)) === 1; i++) {
        if (i > 2000) throw new Error('the key was never evicted');
        await pair.raw.set(`filler:${client}:${i}`, filler);
      }
      await droppedEverywhere(pair, ['evicted']);
    });
  }
});

/** Kills every connection that redirects tracking to itself with one of `prefixes`' writes. */
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
  describe(`losing tracking (${client})`, () => {
    let redis: RedisServer;
    let pair: TrackedPair;

    beforeAll(async () => {
      redis = await startRedis();
      pair = await trackedPair(
        client,
        { kind: 'standalone', url: redis.url },
        { retryIntervalMs: 100 },
      );
    });
    afterAll(async () => {
      await pair?.close();
      await redis?.stop();
    });

    test('is a gap: L1 is cleared once tracking is back, and later writes invalidate again', async () => {
      await cacheEverywhere(pair, ['before', 'after']);
      expect(await killTrackers(pair.raw)).toBe(2);
      for (const [index, bus] of pair.buses.entries()) {
        await until(`instance ${index} tracks again`, () => bus.stats().tracking!.gaps === 1);
      }
      for (const cache of pair.caches) expect(await cache.get('before')).toBeUndefined();
      await cacheEverywhere(pair, ['after']);
      await pair.raw.set(`${pair.prefix}after`, 'changed elsewhere');
      await droppedEverywhere(pair, ['after']);
    });
  });
}

test('a server that refuses CLIENT TRACKING rejects ready with a CacheError that says what is needed', async () => {
  const url = vitest.inject('redisUrl');
  const user = `no-tracking-${process.pid}`;
  const admin = new Redis(url);
  await admin.acl('SETUSER', user, 'on', '>pw', '~*', '&*', '+@all', '-client|tracking');
  const login = new URL(url);
  login.username = user;
  login.password = 'pw';
  const bus = redisBus({ transport: ioredisTransport({ url: login.href }), tracking: true });
  try {
    const error = await bus.ready.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(CacheError);
    expect(error).toMatchObject({ code: 'tier-failure', message: /CLIENT TRACKING/ });
    expect(String(error)).not.toContain('pw');
  } finally {
    await bus.close();
    await admin.acl('DELUSER', user);
    admin.disconnect();
  }
});
