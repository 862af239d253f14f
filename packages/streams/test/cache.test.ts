import { CacheSystemBuilder, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ioredisStreams, nodeRedisStreams } from '../src/index.js';
import { uniqueStream } from './clients.js';

describe('the cache with a streams backend', () => {
  const ioredis = new Redis(inject('redisUrl'));
  const nodeRedis = createClient({ url: inject('redisUrl') });
  afterAll(async () => {
    ioredis.disconnect();
    nodeRedis.destroy();
  });

  it('leaves the client open when the cache closes', async () => {
    const cache = new CacheSystemBuilder().withStreams(ioredisStreams(ioredis)).build();
    await cache.close();
    expect(await ioredis.ping()).toBe('PONG');
  });

  it.each([
    ['ioredis', async () => ioredisStreams(ioredis)],
    [
      'node-redis',
      async () => nodeRedisStreams(nodeRedis.isOpen ? nodeRedis : await nodeRedis.connect()),
    ],
  ] as const)(
    'publishToStream, readStreamLatest and readStream go through %s',
    async (_name, create) => {
      const cache = new CacheSystemBuilder()
        .withL1(memoryL1Store())
        .withStreams(await create())
        .build();
      const stream = uniqueStream('cache');
      const first = await cache.publishToStream(stream, { type: 'login', user: '42' });
      const second = await cache.publishToStream(stream, { type: 'logout', user: '42' }, 10);
      expect(await cache.readStreamLatest(stream, 1)).toEqual([
        { id: second, fields: { type: 'logout', user: '42' } },
      ]);
      expect((await cache.readStream(stream)).map((entry) => entry.id)).toEqual([first, second]);
      expect(await cache.readStream(stream, first, 10)).toEqual([
        { id: second, fields: { type: 'logout', user: '42' } },
      ]);
      const waiting = cache.readStream(stream, '$', 10, 5000);
      const third = await cache.publishToStream(stream, { type: 'login', user: '7' });
      expect((await waiting).map((entry) => entry.id)).toEqual([third]);
      await cache.close(); // closes the backend's own connections, not the client
      expect(
        await cache.readStreamLatest(stream, 1).catch((error: Error) => error.name),
      ).toBeDefined();
    },
  );
});
