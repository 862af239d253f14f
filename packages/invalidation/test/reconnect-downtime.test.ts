import type { InvalidationMessage } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

let redis: RedisServer;
let client: Redis;
let bus: RedisBus;
const gaps: unknown[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { retryStrategy: () => 20 });
  client.on('error', () => {});
  bus = redisBus({ transport: ioredisTransport({ client }), channel: uniqueChannel() });
  bus.subscribe({
    onMessage: (_message: InvalidationMessage) => {},
    onReconnect: (...args: unknown[]) => gaps.push(args[0]),
  });
  await bus.ready;
});

afterAll(async () => {
  await bus?.close();
  client?.disconnect();
  await redis?.stop();
});

describe('reconnect after an outage', () => {
  it('tells the listener how long the subscription was down', async () => {
    const killedAt = performance.now();
    await redis.kill();
    await until('the bus lost its subscription', () => bus.stats().subscribed === false);
    const lostAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const restartAt = performance.now();
    await redis.restart();
    await until('the bus announced the gap', () => gaps.length === 1);
    const announcedAt = performance.now();

    const { downMs } = gaps[0] as { downMs: number };
    // Down from before the loss was seen until after Redis came back, and no longer than the
    // whole episode.
    expect(downMs).toBeGreaterThanOrEqual(Math.floor(restartAt - lostAt));
    expect(downMs).toBeLessThanOrEqual(Math.ceil(announcedAt - killedAt));
  });
});
