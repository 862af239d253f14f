import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  ioredisStreams,
  nodeRedisStreams,
  type StreamingBackend,
  withStreams,
} from '../src/index.js';
import { uniqueStream } from './clients.js';

describe('withStreams: the Rust crate stream calls on a cache', () => {
  const ioredis = new Redis(inject('redisUrl'));
  const nodeRedis = createClient({ url: inject('redisUrl') });
  afterAll(async () => {
    ioredis.disconnect();
    nodeRedis.destroy();
  });

  it('leaves the client open when it closes', async () => {
    const app = withStreams(createCache(), ioredisStreams(ioredis));
    await app.close();
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
      const app = withStreams(createCache({ l1: memoryL1Store() }), await create());
      const stream = uniqueStream('cache');
      const first = await app.publishToStream(stream, { type: 'login', user: '42' });
      const second = await app.publishToStream(stream, { type: 'logout', user: '42' }, 10);
      expect(await app.readStreamLatest(stream, 1)).toEqual([
        { id: second, fields: { type: 'logout', user: '42' } },
      ]);
      expect((await app.readStream(stream)).map((entry) => entry.id)).toEqual([first, second]);
      expect(await app.readStream(stream, first, 10)).toEqual([
        { id: second, fields: { type: 'logout', user: '42' } },
      ]);
      const waiting = app.readStream(stream, '$', 10, 5000);
      const third = await app.publishToStream(stream, { type: 'login', user: '7' });
      expect((await waiting).map((entry) => entry.id)).toEqual([third]);
      await app.close();
      await expect(app.readStreamLatest(stream, 1)).rejects.toMatchObject({ code: 'closed' });
      await expect(app.cache.set('k', 1)).rejects.toMatchObject({ code: 'closed' });
    },
  );

  it('trims to about maxLen, and reads from the start at most 100 entries by default', async () => {
    const app = withStreams(createCache(), ioredisStreams(ioredis));
    const stream = uniqueStream('cache-defaults');
    for (let i = 0; i < 300; i++) await app.publishToStream(stream, { n: String(i) }, 100);
    const length = await ioredis.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300);
    const read = await app.readStream(stream);
    expect(read).toHaveLength(100);
    expect(read[0]?.id).toBe((await ioredis.xrange(stream, '-', '+', 'COUNT', 1))[0]?.[0]);
    await app.close();
  });

  it('rejects, never throws, when a backend throws synchronously', async () => {
    const failure = new Error('backend failed');
    const throwing: StreamingBackend = {
      publish: () => {
        throw failure;
      },
      readLatest: () => {
        throw failure;
      },
      read: () => {
        throw failure;
      },
      close: () => {
        throw failure;
      },
    };
    const app = withStreams(createCache(), throwing);
    const calls = [
      () => app.publishToStream('s', { a: '1' }),
      () => app.readStreamLatest('s', 1),
      () => app.readStream('s'),
      () => app.close(),
    ];
    for (const call of calls) {
      let result: Promise<unknown> | undefined;
      expect(() => {
        result = call();
      }).not.toThrow();
      await expect(result).rejects.toBe(failure);
    }
    await expect(app.cache.set('k', 1)).rejects.toMatchObject({ code: 'closed' });
  });
});
