import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, type RedisBus, type RedisBusOptions, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

let redis: RedisServer;
const opened: MultiTierCache[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  redis.resume();
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

afterAll(async () => {
  await redis?.stop();
});

async function instance(channel: string, options: Partial<RedisBusOptions> = {}) {
  const bus = redisBus({
    transport: ioredisTransport({ url: redis.url }),
    channel,
    maxStaleness: false,
    ...options,
  });
  const cache = createCache({ l1: memoryL1Store(), bus });
  opened.push(cache);
  await bus.ready;
  return { cache, bus };
}

const updatesHeard = (bus: RedisBus) =>
  bus.stats().received.update + bus.stats().dropped.outOfOrder;

describe('one order per key across instances', () => {
  test("an update queued during a Redis pause and retried later does not replace a newer instance's update", async () => {
    const channel = uniqueChannel();
    // A gives up on a hung publish quickly and retries it late, after B's clean update.
    const a = await instance(channel, { publishTimeoutMs: 200, retryIntervalMs: 1500 });
    const b = await instance(channel);
    await a.cache.set('order:1', 39, { ttl: '10m', broadcast: false });
    await b.cache.set('order:1', 39, { ttl: '10m', broadcast: false });

    redis.pause();
    await a.cache.updateCache('order:1', 40, { ttl: '10m' });
    expect(a.bus.stats().queueLength).toBe(1);
    redis.resume();

    // The hung PUBLISH of v40 runs once Redis resumes; then B's v41; then A's retry of v40.
    await until('B heard the first v40', () => updatesHeard(b.bus) >= 1);
    await b.cache.updateCache('order:1', 41, { ttl: '10m' });
    await until('A heard v41', () => a.cache.peekL1('order:1') === 41);
    await until('A sent its retry', () => a.bus.stats().queueLength === 0);
    await until('B heard the retry', () => updatesHeard(b.bus) >= 2);

    expect(b.cache.peekL1('order:1')).toBe(41);
    expect(a.cache.peekL1('order:1')).toBe(41);
    expect(b.bus.stats().dropped.outOfOrder).toBe(1);
  });

  test('an update older than a pattern invalidation of its key is not applied', async () => {
    const channel = uniqueChannel();
    const a = await instance(channel, { publishTimeoutMs: 200, retryIntervalMs: 1500 });
    const b = await instance(channel);
    await b.cache.set('page:1', 'old', { ttl: '10m', broadcast: false });

    redis.pause();
    await a.cache.updateCache('page:1', 'stale', { ttl: '10m' });
    redis.resume();
    await until('B heard the first update', () => updatesHeard(b.bus) >= 1);
    await b.cache.invalidatePattern('page:*');
    await until('A sent its retry', () => a.bus.stats().queueLength === 0);
    await until('B heard the retry', () => updatesHeard(b.bus) >= 2);

    expect(b.cache.peekL1('page:1')).toBeUndefined();
  });
});
