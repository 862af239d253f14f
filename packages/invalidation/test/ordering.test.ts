import { setTimeout as sleep } from 'node:timers/promises';
import type { InvalidationMessage } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { recorder, uniqueChannel, until } from './helpers.js';

const STALL_MS = 1500;
/** Busy-loops inside Redis: every other client's commands wait until it returns. */
const STALL_SCRIPT = `
local started = redis.call('TIME')
local limit = tonumber(ARGV[1]) * 1000
while true do
  local now = redis.call('TIME')
  if (now[1] - started[1]) * 1000000 + (now[2] - started[2]) > limit then return 1 end
end`;

let redis: RedisServer;
let staller: Redis;

beforeAll(async () => {
  // Its own server: stalling the shared one would slow every other test file.
  redis = await startRedis();
  staller = new Redis(redis.url);
});

afterAll(async () => {
  staller?.disconnect();
  await redis?.stop();
});

const update = (key: string, value: string): InvalidationMessage => ({
  type: 'update',
  key,
  value: new TextEncoder().encode(value),
  ttlMs: 60_000,
});

function lastValue(messages: readonly InvalidationMessage[], key: string): string | undefined {
  let value: string | undefined;
  for (const message of messages) {
    if (message.type === 'update' && message.key === key) {
      value = new TextDecoder().decode(message.value);
    }
  }
  return value;
}

describe('ordering on a stalled Redis', () => {
  test('a timed-out publish is never re-sent after a newer one for the same key', async () => {
    const channel = uniqueChannel();
    const buses: RedisBus[] = [
      // The publish times out while Redis is stalled and is retried while still stalled.
      redisBus({
        transport: ioredisTransport({ url: redis.url }),
        channel,
        publishTimeoutMs: 1000,
        retryIntervalMs: 100,
      }),
      redisBus({ transport: ioredisTransport({ url: redis.url }), channel }),
    ];
    const [a, b] = buses as [RedisBus, RedisBus];
    try {
      await Promise.all(buses.map((bus) => bus.ready));
      const heard = recorder();
      b.subscribe(heard);

      const stalled = staller.eval(STALL_SCRIPT, 0, STALL_MS);
      await sleep(50);
      const first = a.publish(update('k', 'v1')); // stuck behind the script, times out at ~1 s
      await sleep(600);
      const second = a.publish(update('k', 'v2')); // answered when the script ends, at ~1.5 s
      await Promise.all([first, second, stalled]);

      await until('A has sent everything', () => a.stats().queueLength === 0);
      await a.publish(update('done', '1'));
      await until('B heard the marker', () => lastValue(heard.messages, 'done') === '1');
      expect(a.stats().publishErrors).toBeGreaterThan(0);
      expect(lastValue(heard.messages, 'k')).toBe('v2');
    } finally {
      await Promise.all(buses.map((bus) => bus.close()));
    }
  });
});
