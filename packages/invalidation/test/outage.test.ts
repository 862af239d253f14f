import type { InvalidationMessage } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { recorder, uniqueChannel, until } from './helpers.js';
import { type Instance, startInstance } from './instances.js';

type BusStats = { reconnects: number; queueLength: number; received: Record<string, number> };

let redis: RedisServer;
let a: Instance;
let b: Instance;
let c: Instance;
let observer: RedisBus;
let observerClient: Redis;
const heard = recorder();

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, CHANNEL: uniqueChannel() };
  [a, b, c] = await Promise.all([
    startInstance('A', { ...env, TRANSPORT: 'ioredis' }),
    startInstance('B', { ...env, TRANSPORT: 'node-redis' }),
    startInstance('C', { ...env, TRANSPORT: 'ioredis' }),
  ]);
  // A bus in the test process that reconnects quickly, to see what A sends after the outage.
  observerClient = new Redis(redis.url, { retryStrategy: () => 20 });
  observerClient.on('error', () => {});
  observer = redisBus({
    transport: ioredisTransport({ client: observerClient }),
    channel: env.CHANNEL,
  });
  observer.subscribe(heard);
  await observer.ready;
});

afterAll(async () => {
  await Promise.all([a, b, c].map((instance) => instance?.stop()));
  await observer?.close();
  observerClient?.disconnect();
  await redis?.stop();
});

describe('Redis restarted while instances run', () => {
  test('no instance serves a value invalidated during the outage, and queued publishes arrive', async () => {
    for (const instance of [a, b, c]) {
      await instance.call('set', 'out:1', 'v1');
      await instance.call('set', 'out:2', 'v1');
    }

    await redis.kill();
    // While Redis is down: A invalidates one key and updates another; B changes its own copy.
    await a.call('invalidate', 'out:1');
    await a.call('updateCache', 'out:2', 'v2');
    await b.call('set', 'out:3', 'written during the outage');
    const queued = await a.call<BusStats>('busStats');
    expect(queued.queueLength).toBe(2);
    expect(await a.call('get', 'out:1')).toBeUndefined();

    await redis.restart();
    for (const instance of [a, b, c]) {
      await until(`${instance.name} resubscribed`, async () => {
        const stats = await instance.call<BusStats>('busStats');
        return stats.reconnects >= 1;
      });
    }
    await until(
      'A sent its queue',
      async () => (await a.call<BusStats>('busStats')).queueLength === 0,
    );

    for (const instance of [b, c]) {
      expect(await instance.call('get', 'out:1')).toBeUndefined();
      const out2 = await instance.call('get', 'out:2');
      expect(out2 === undefined || out2 === 'v2').toBe(true);
    }
    await until('the queued publishes were delivered', () => heard.messages.length >= 2);
    expect(heard.messages).toEqual<InvalidationMessage[]>([
      { type: 'remove', keys: ['out:1'] },
      expect.objectContaining({ type: 'update', key: 'out:2' }),
    ]);
    expect(observer.stats().reconnects).toBe(1);
    expect(heard.reconnects).toBe(1);
  });

  test('the bus works normally after the outage', async () => {
    for (const instance of [a, b, c]) await instance.call('set', 'after:1', 'old');
    await c.call('invalidate', 'after:1');
    for (const instance of [a, b]) {
      await until(
        `${instance.name} dropped after:1`,
        async () => (await instance.call('get', 'after:1')) === undefined,
      );
    }
  });
});
