import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';
import { redisTier } from './redis-tier.js';

// The bus runs on its own Redis, which the tests pause; the shared tier is on another one.
let busRedis: RedisServer;
let tierClient: Redis;
const opened: { cache: MultiTierCache; bus: RedisBus }[] = [];

beforeAll(async () => {
  busRedis = await startRedis();
  tierClient = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  busRedis.resume();
  await Promise.all(opened.splice(0).map(({ cache }) => cache.close()));
});

afterAll(async () => {
  tierClient?.disconnect();
  await busRedis?.stop();
});

async function instances(count: number, maxStaleness: number | false = 300) {
  const channel = uniqueChannel();
  const prefix = `${channel}:`;
  const made = Array.from({ length: count }, () => {
    const bus = redisBus({
      transport: ioredisTransport({ url: busRedis.url }),
      channel,
      maxStaleness,
      publishTimeoutMs: 200,
    });
    const cache = createCache({ l1: memoryL1Store(), l2: redisTier(tierClient, prefix), bus });
    opened.push({ cache, bus });
    return { cache, bus };
  });
  await Promise.all(made.map(({ bus }) => bus.ready));
  return made;
}

/** Blocks this process's event loop, as a SIGSTOP or a long GC pause would. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('the staleness bound (maxStaleness)', () => {
  test('while the bus is stalled, an L1 copy another instance replaced is read again from the shared tier', async () => {
    const [a, b] = await instances(2);
    await a!.cache.set('stall:1', 'v1', { ttl: '10m', broadcast: false });
    expect(await b!.cache.get('stall:1')).toBe('v1');
    expect(b!.cache.peekL1('stall:1')).toBe('v1');

    // Redis keeps its connections but answers nothing: no gap is reported, no message arrives.
    busRedis.pause();
    await a!.cache.set('stall:1', 'v2');
    await until('B reads v2 from the shared tier', async () => {
      return (await b!.cache.get('stall:1')) === 'v2';
    });
    expect(b!.bus.stats().liveness?.stalled).toBe(true);

    busRedis.resume();
    await until('B hears its bus again', () => b!.bus.stats().liveness?.stalled === false);
    // A's queued message, delivered now, may drop B's copy: read once more to refill L1.
    await until('B serves L1 hits again', async () => {
      await b!.cache.get('stall:1');
      return b!.cache.peekL1('stall:1') === 'v2';
    });
  });

  test('after this process was paused for longer than maxStaleness, the first L1 read is not served from L1', async () => {
    const [a] = await instances(1);
    await a!.cache.set('paused:1', 'v1');
    expect(a!.cache.peekL1('paused:1')).toBe('v1');

    blockEventLoop(500);
    // Read right away, as a request handled before any timer runs would be.
    expect(a!.cache.peekL1('paused:1')).toBeUndefined();
    await until('the heartbeat echo confirms the bus again', () => {
      return a!.cache.peekL1('paused:1') === 'v1';
    });
  });

  test('maxStaleness: false serves L1 whatever the bus state', async () => {
    const [a] = await instances(1, false);
    await a!.cache.set('off:1', 'v1');
    blockEventLoop(400);
    expect(a!.cache.peekL1('off:1')).toBe('v1');
    expect(a!.bus.stats().liveness).toBeUndefined();
  });

  test('an idle bus sends heartbeats and stays live; a busy one confirms with its own echoes', async () => {
    const [a] = await instances(1);
    await until('heartbeats went out', () => (a!.bus.stats().liveness?.heartbeats ?? 0) >= 3);
    expect(a!.bus.stats().liveness?.stalled).toBe(false);

    const before = a!.bus.stats().liveness!.heartbeats;
    const until800 = Date.now() + 800;
    while (Date.now() < until800) {
      await a!.cache.invalidate('busy:1');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(a!.bus.stats().liveness!.heartbeats - before).toBeLessThanOrEqual(1);
    expect(a!.bus.stats().liveness?.stalled).toBe(false);
  });

  test('what was queued while Redis stalled goes out as soon as a heartbeat comes back, not at the next retry', async () => {
    const channel = uniqueChannel();
    const bus = redisBus({
      transport: ioredisTransport({ url: busRedis.url }),
      channel,
      maxStaleness: 300,
      publishTimeoutMs: 100,
      retryIntervalMs: 60_000,
    });
    const cache = createCache({ l1: memoryL1Store(), bus });
    opened.push({ cache, bus });
    await bus.ready;

    busRedis.pause();
    await cache.invalidate('queued:1');
    expect(bus.stats().queueLength).toBe(1);
    busRedis.resume();
    await until('the queue was sent', () => bus.stats().queueLength === 0);
  });

  test('maxStaleness must be a positive number of milliseconds', () => {
    expect(() =>
      redisBus({ transport: ioredisTransport({ url: busRedis.url }), maxStaleness: 0 }),
    ).toThrow(/maxStaleness 0/);
  });
});
