import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RedisBusStats } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';
import { type Instance, startInstance } from './instances.js';

const PREFIX = 'mtc-outage:';

describe('tracking and replay across a Redis restart', () => {
  let redis: RedisServer;
  let instances: Instance[];

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      CHANNEL: uniqueChannel(),
      TRACKING: PREFIX,
      REPLAY: '1000',
    };
    instances = await Promise.all([
      startInstance('A', { ...env, TRANSPORT: 'ioredis' }),
      startInstance('B', { ...env, TRANSPORT: 'node-redis' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await redis?.stop();
  });

  test('the lost log and the lost tracking each clear L1, and tracking works again after', async () => {
    for (const instance of instances) await instance.call('set', 'kept', 'v1');

    await redis.kill();
    await redis.restart();
    for (const instance of instances) {
      await until(
        `${instance.name} tracks and listens again`,
        async () => {
          const stats = await instance.call<RedisBusStats>('busStats');
          return stats.tracking!.active && stats.tracking!.gaps >= 1 && stats.replay!.clears >= 1;
        },
        20_000,
      );
      // The restarted server kept no log: the replay could not reach back, so L1 was cleared.
      expect(await instance.call('get', 'kept')).toBeUndefined();
    }

    for (const instance of instances) await instance.call('set', 'after', 'v1');
    const raw = new Redis(redis.url);
    try {
      await raw.set(`${PREFIX}after`, 'changed elsewhere');
    } finally {
      raw.disconnect();
    }
    for (const instance of instances) {
      await until(
        `${instance.name} dropped the key written after the restart`,
        async () => (await instance.call('get', 'after')) === undefined,
      );
    }
  });
});
