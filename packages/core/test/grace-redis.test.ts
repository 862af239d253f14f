import { CacheError, createCache, memoryBusHub, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis, waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unwrapEntryBytes } from '../src/cache/entry-envelope.js';
import { L1Entry } from '../src/cache/l1-entry.js';
import { plainRedisStore } from './support/plain-redis-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let prefixes = 0;
const nextPrefix = () => `core-grace-${process.pid}-${++prefixes}:`;

describe('serving through failure against a real Redis', () => {
  let redis: RedisServer;
  let client: Redis;
  const caches: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    client.on('error', () => {});
    await client.ping();
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((cache) => cache.close()));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('answers every read with the stale value while the database is down, calling it at most once per graceBackoff', async () => {
    const cache = createCache({
      l2: [plainRedisStore(client, nextPrefix())],
      grace: '1h',
      graceBackoff: 200,
    });
    caches.push(cache);
    let calls = 0;
    let down = false;
    const load = async () => {
      calls++;
      if (down) throw new Error('database down');
      return { price: 42 };
    };
    await cache.getOrCompute('price', load, { ttl: 50 });
    down = true;
    await sleep(60);
    const started = performance.now();
    let reads = 0;
    while (performance.now() - started < 700) {
      expect(await cache.getOrCompute('price', load, { ttl: 50 })).toEqual({ price: 42 });
      reads++;
      await sleep(2);
    }
    const elapsed = performance.now() - started;
    expect(reads).toBeGreaterThan(20);
    expect(calls - 1).toBeGreaterThanOrEqual(1);
    expect(calls - 1).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(cache.stats().staleServed).toBe(reads);
  });

  it('keeps answering from L1 graced entries with Redis SIGKILLed and the database down', async () => {
    const own = await startRedis();
    const ownClient = new Redis(own.url, { maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    ownClient.on('error', () => {});
    await ownClient.ping();
    const cache = createCache({
      l2: [plainRedisStore(ownClient, nextPrefix())],
      grace: '1h',
      timeout: 100,
    });
    caches.push(cache);
    for (const id of [1, 2, 3]) await cache.getOrCompute(`user:${id}`, () => ({ id }), { ttl: 50 });
    await own.kill();
    await sleep(60);
    const down = () => Promise.reject(new Error('database down'));
    for (let round = 0; round < 3; round++) {
      for (const id of [1, 2, 3]) {
        expect(await cache.getOrCompute(`user:${id}`, down, { ttl: 50 })).toEqual({ id });
      }
    }
    expect(cache.stats().staleServed).toBe(9);
    ownClient.disconnect();
  });

  it('answers near the soft timeout with the stale value, then has the new value in L1, Redis and another instance', async () => {
    const prefix = nextPrefix();
    const hub = memoryBusHub();
    const l1b = memoryL1Store();
    const a = createCache({
      l2: [plainRedisStore(client, prefix)],
      bus: hub.connect(),
      grace: '1h',
    });
    const b = createCache({
      l1: l1b,
      l2: [plainRedisStore(client, prefix)],
      bus: hub.connect(),
      grace: '1h',
    });
    caches.push(a, b);
    await a.getOrCompute('feed', () => 'old', { ttl: 50 });
    await b.get('feed');
    await sleep(60);
    const slow = async () => {
      await sleep(1000);
      return 'new';
    };
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        a.getOrCompute('feed', slow, { ttl: '1m', timeouts: { soft: 50 } }),
      ),
    );
    const waited = performance.now() - started;
    expect(answers).toEqual(['old', 'old', 'old', 'old', 'old']);
    // The bound the option promises: the soft timeout plus scheduling, far below the factory's 1 s.
    expect(waited).toBeLessThan(500);
    await waitUntil('the background value in A', async () => a.peekL1('feed') === 'new');
    await waitUntil('the background value in Redis', async () => {
      const bytes = await client.getBuffer(`${prefix}feed`);
      return bytes !== null && Buffer.from(unwrapEntryBytes(bytes).bytes).toString() === '"new"';
    });
    await waitUntil('the background value in B', async () => {
      const held = l1b.get('feed');
      return held instanceof L1Entry && held.value === 'new';
    });
  });

  it('rejects with CacheError timeout near the hard timeout without a stale value, and stores the completed value', async () => {
    const prefix = nextPrefix();
    const cache = createCache({ l2: [plainRedisStore(client, prefix)] });
    caches.push(cache);
    const started = performance.now();
    const caught = await cache
      .getOrCompute(
        'report',
        async () => {
          await sleep(400);
          return 'done';
        },
        { ttl: '1m', timeouts: { hard: 100 } },
      )
      .catch((error: unknown) => error);
    const waited = performance.now() - started;
    expect(caught).toBeInstanceOf(CacheError);
    expect((caught as CacheError).code).toBe('timeout');
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(350);
    await waitUntil('the completed value in Redis', async () => {
      return (await client.get(`${prefix}report`)) === '"done"';
    });
    expect(cache.peekL1('report')).toBe('done');
  });

  it('ctx.setTtl reaches the Redis PTTL, grace on top', async () => {
    const prefix = nextPrefix();
    const cache = createCache({ l2: [plainRedisStore(client, prefix)] });
    caches.push(cache);
    await cache.getOrCompute('adaptive', (ctx) => {
      ctx.setTtl('20s');
      return 1;
    });
    const pttl = await client.pttl(`${prefix}adaptive`);
    expect(pttl).toBeGreaterThan(19_000);
    expect(pttl).toBeLessThanOrEqual(20_000);
    await cache.getOrCompute('graced', (ctx) => {
      ctx.setTtl('20s');
      ctx.setGrace('1m');
      return 1;
    });
    const graced = await client.pttl(`${prefix}graced`);
    expect(graced).toBeGreaterThan(79_000);
    expect(graced).toBeLessThanOrEqual(80_000);
  });

  it('ctx.skip() writes nothing to Redis', async () => {
    const prefix = nextPrefix();
    const cache = createCache({ l2: [plainRedisStore(client, prefix)] });
    caches.push(cache);
    const answer = await cache.getOrCompute('missing', (ctx) => {
      ctx.skip();
      return null;
    });
    expect(answer).toBeNull();
    expect(await client.exists(`${prefix}missing`)).toBe(0);
    expect(cache.peekL1('missing')).toBeUndefined();
  });

  it('expire on A makes B stale, with the stale value still there in Redis for grace', async () => {
    const prefix = nextPrefix();
    const hub = memoryBusHub();
    const a = createCache({
      l2: [plainRedisStore(client, prefix)],
      bus: hub.connect(),
      grace: '1h',
    });
    const b = createCache({
      l2: [plainRedisStore(client, prefix)],
      bus: hub.connect(),
      grace: '1h',
    });
    caches.push(a, b);
    await a.getOrCompute('rate', () => 1.1, { ttl: '1m' });
    expect(await b.getOrCompute('rate', () => 0, { ttl: '1m' })).toBe(1.1);
    await a.expire('rate');
    const pttl = await client.pttl(`${prefix}rate`);
    expect(pttl).toBeGreaterThan(3_500_000);
    expect(pttl).toBeLessThanOrEqual(3_600_000);
    await waitUntil('B to see the key stale', async () => b.peekL1('rate') === undefined);
    expect(await b.get('rate')).toBeUndefined();
    expect(
      await b.getOrCompute('rate', () => Promise.reject(new Error('down')), { ttl: '1m' }),
    ).toBe(1.1);
    expect(await b.getOrCompute('rate', () => 1.2, { ttl: '1m', forceFresh: true })).toBe(1.2);
  });

  it('refresh ahead: 10,000 reads over three TTL periods never wait for the 20 ms factory, one refresh per period', async () => {
    const prefix = nextPrefix();
    const cache = createCache({ l2: [plainRedisStore(client, prefix)], refreshAhead: 0.8 });
    caches.push(cache);
    let computations = 0;
    const load = async () => {
      computations++;
      await sleep(20);
      return computations;
    };
    const ttl = 1000;
    await cache.getOrCompute('hot', load, { ttl });
    const started = performance.now();
    for (let reads = 1; reads <= 10_000; reads++) {
      await cache.getOrCompute('hot', load, { ttl });
      if (reads % 50 === 0) {
        const left = started + 3 * ttl - performance.now();
        await sleep(Math.max(0, left / ((10_000 - reads) / 50 + 1)));
      }
    }
    const stats = cache.stats();
    // Only the first read missed: every later one was answered from L1 at once.
    expect(stats.misses).toBe(1);
    expect(stats.refreshesAhead).toBe(computations - 1);
    // A refresh starts 800 ms into an entry's 1000 ms and takes 20 ms: three or four in 3 s.
    expect(computations - 1).toBeGreaterThanOrEqual(3);
    expect(computations - 1).toBeLessThanOrEqual(4);
    await waitUntil('the last refresh in Redis', async () => {
      return (await client.get(`${prefix}hot`)) === String(computations);
    });
  });
});
