import { randomUUID } from 'node:crypto';
import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { type SentinelSet, startSentinelSet } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { createSentinel } from 'redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ioredisTransport,
  type NodeRedisClientLike,
  nodeRedisTransport,
  type RedisBus,
  redisBus,
  type Transport,
} from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

/**
 * How the master goes: killed, or handed over by `SENTINEL FAILOVER` while it keeps running and
 * keeps its clients, as when a partition hides it from the sentinels but not from the instances
 * (it refuses the `CLIENT KILL` Sentinel sends to make clients move). Then only the Sentinel
 * client's view says tracking must move.
 */
const KILLED = 'the master is killed';
const PARTITIONED = 'the old master keeps running and keeps its connections';

/** ioredis behind Sentinel when the master is killed is `tracking-sentinel.test.ts`. */
const cases = [
  { client: 'node-redis', failover: KILLED },
  { client: 'node-redis', failover: PARTITIONED },
  { client: 'ioredis', failover: PARTITIONED },
] as const;

describe.each(cases)(
  'tracking on $client behind Sentinel when $failover',
  ({ client, failover }) => {
    let set: SentinelSet;
    const prefix = `mtc-sentinel-failover-${randomUUID().slice(0, 8)}:`;
    const closers: (() => unknown)[] = [];
    const buses: RedisBus[] = [];
    const caches: MultiTierCache[] = [];
    let raw: Redis;

    const transport = async (): Promise<Transport> => {
      if (client === 'ioredis') {
        const redis = new Redis({ sentinels: [...set.sentinels], name: set.masterName });
        redis.on('error', () => {});
        closers.push(() => redis.disconnect());
        return ioredisTransport({ client: redis });
      }
      const sentinel = createSentinel({
        name: set.masterName,
        sentinelRootNodes: set.sentinels.map(({ host, port }) => ({ host, port })),
      });
      sentinel.on('error', () => {});
      await sentinel.connect();
      closers.push(() => sentinel.destroy());
      return nodeRedisTransport({ client: sentinel as unknown as NodeRedisClientLike });
    };

    /** Connections on the server at `port` that track with a redirect to themselves. */
    const trackersOn = async (port: number) => {
      const direct = new Redis({ host: '127.0.0.1', port });
      try {
        const list = (await direct.client('LIST')) as string;
        return list
          .split('\n')
          .filter((line) => /\bflags=\w*t/.test(line) && /\bsub=[1-9]/.test(line)).length;
      } finally {
        direct.disconnect();
      }
    };

    const droppedEverywhere = async (key: string) => {
      for (const [index, cache] of caches.entries()) {
        await until(
          `instance ${index} dropped ${key}`,
          async () => (await cache.get(key)) === undefined,
          20_000,
        );
      }
    };

    beforeAll(async () => {
      set = await startSentinelSet({ downAfterMs: 500 });
      const channel = uniqueChannel();
      for (let i = 0; i < 2; i++) {
        buses.push(
          redisBus({
            transport: await transport(),
            channel,
            tracking: { prefixes: [prefix] },
            replay: { maxLen: 1000 },
            retryIntervalMs: 200,
          }),
        );
      }
      await Promise.all(buses.map((bus) => bus.ready));
      for (const bus of buses) caches.push(createCache({ l1: memoryL1Store(), bus }));
      raw = new Redis({ sentinels: [...set.sentinels], name: set.masterName });
      raw.on('error', () => {});
      closers.push(() => raw.disconnect());
    });

    afterAll(async () => {
      await Promise.all(caches.map((cache) => cache.close()));
      await Promise.all(buses.map((bus) => bus.close()));
      for (const close of closers) await close();
      await set?.stop();
    });

    test('tracking runs on the master, moves to the new one, and a write after failover invalidates', async () => {
      for (const cache of caches) await cache.set('before', 1, { ttl: '10m', broadcast: false });
      await raw.set(`${prefix}before`, 'x');
      await droppedEverywhere('before');
      expect(buses[0]!.stats().transport).toBe(
        client === 'ioredis' ? 'ioredis' : 'node-redis sentinel',
      );
      expect(await trackersOn(set.master.port)).toBe(2);
      // The replay log is written (EVALSHA) and read through the Sentinel client too.
      for (const cache of caches) await cache.set('published', 1, { ttl: '10m', broadcast: false });
      await caches[0]!.delete('published');
      await droppedEverywhere('published');
      await until(
        'both instances to have applied the logged delete',
        () => buses[1]!.stats().replay!.lastId === buses[0]!.stats().replay!.lastId,
      );
      expect(buses[0]!.stats().replay!.lastId).toMatch(/^\d+-\d+$/);

      const oldMaster = await set.currentMaster();
      if (failover === KILLED) await set.master.kill();
      else {
        const old = new Redis({ host: '127.0.0.1', port: set.master.port });
        await old.call('ACL', 'SETUSER', 'default', '-client|kill');
        old.disconnect();
        const sentinel = new Redis({ host: '127.0.0.1', port: set.sentinels[0]!.port });
        await sentinel.call('SENTINEL', 'FAILOVER', set.masterName);
        sentinel.disconnect();
      }
      // Every sentinel, not only the first, must name the promoted replica before writes go to it.
      await until(
        'the sentinels to report the promoted replica',
        async () => (await set.currentMaster()).port === set.replica.port,
        30_000,
      );
      expect(set.replica.port).not.toBe(oldMaster.port);
      for (const [index, bus] of buses.entries()) {
        await until(
          `instance ${index} tracks the new master`,
          () => bus.stats().tracking!.gaps === 1 && bus.stats().tracking!.active,
          30_000,
        );
      }

      for (const cache of caches) await cache.set('after', 1, { ttl: '10m', broadcast: false });
      for (const cache of caches) expect(await cache.get('after')).toBe(1);
      // Straight to the promoted replica: a client that has not followed yet could still write to
      // the old master, a write its resync from the new one then discards.
      const promoted = new Redis({ host: '127.0.0.1', port: set.replica.port });
      try {
        await until(
          'the promoted replica to take writes',
          async () => (await promoted.info('replication')).includes('role:master'),
          30_000,
        );
        await promoted.set(`${prefix}after`, 'x');
      } finally {
        promoted.disconnect();
      }
      await droppedEverywhere('after');
      expect(await trackersOn(set.replica.port)).toBe(2);
      if (failover === PARTITIONED) expect(await trackersOn(set.master.port)).toBe(0);
    });
  },
);
