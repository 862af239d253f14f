import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { freePort, type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const PASSWORD = 'the-right-one';

/** The message of `store.get` and of a strict cache's `get` on a store reaching `url`. */
async function messagesFor(url: string): Promise<{ store: string; cache: string; cause: unknown }> {
  const store = ioredisStore({ url, prefix: 'conn-errors:', maxReconnectDelayMs: 100 });
  const cache = createCache({ l1: memoryL1Store(), l2: [store], strict: true, timeout: 5000 });
  try {
    const fromStore = await store.get('k').then(
      () => undefined,
      (error: unknown) => error,
    );
    const fromCache = await cache.get('k').then(
      () => undefined,
      (error: unknown) => error,
    );
    return {
      store: (fromStore as Error | undefined)?.message ?? 'resolved',
      cache: (fromCache as Error | undefined)?.message ?? 'resolved',
      cause: (fromStore as Error | undefined)?.cause,
    };
  } finally {
    await cache.close();
    await store.close();
  }
}

describe('ioredisStore connection errors say what happened and where', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    const admin = new Redis(server.url);
    await admin.config('SET', 'requirepass', PASSWORD);
    admin.disconnect();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('names ECONNREFUSED and the address on a refused port, not the retry limit', async () => {
    const port = await freePort();
    const { store, cache, cause } = await messagesFor(`redis://127.0.0.1:${port}`);
    for (const message of [store, cache]) {
      expect(message).toContain(`ECONNREFUSED 127.0.0.1:${port}: nothing accepts connections`);
      expect(message).not.toMatch(/max retries|maxRetriesPerRequest/i);
    }
    expect(cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('names WRONGPASS for a wrong password and hides it', async () => {
    const { store, cache, cause } = await messagesFor(
      `redis://:not-the-password@127.0.0.1:${server.port}`,
    );
    for (const message of [store, cache]) {
      expect(message).toContain(`WRONGPASS 127.0.0.1:${server.port}: Redis refused`);
      expect(message).not.toContain('not-the-password');
    }
    expect(String((cause as Error).message)).toMatch(/^WRONGPASS/);
  });

  it('names NOAUTH when Redis needs a password the URL does not give', async () => {
    const { store, cache } = await messagesFor(`redis://127.0.0.1:${server.port}`);
    for (const message of [store, cache]) {
      expect(message).toContain(`NOAUTH 127.0.0.1:${server.port}: Redis requires a password`);
    }
  });

  it('refuses every call when Redis refuses the database, instead of using database 0', async () => {
    const { store, cache } = await messagesFor(`redis://:${PASSWORD}@127.0.0.1:${server.port}/99`);
    for (const message of [store, cache]) {
      expect(message).toContain(`DB index out of range at 127.0.0.1:${server.port}`);
      expect(message).not.toContain(PASSWORD);
    }
  });
});

describe('ioredisStore on a client you pass', () => {
  it('names ECONNREFUSED when your client already listens to its errors', async () => {
    const port = await freePort();
    const client = new Redis({ port, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {});
    const store = ioredisStore({ client, prefix: 'conn-errors:' });
    try {
      const error = await store.get('k').then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );
      expect(error?.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(error?.message).not.toMatch(/max retries/i);
    } finally {
      await store.close();
      client.disconnect();
    }
  });

  it('adds no error listener to a client that has none, so ioredis still reports its errors', async () => {
    const port = await freePort();
    const client = new Redis({ port, lazyConnect: true });
    const store = ioredisStore({ client, prefix: 'conn-errors:' });
    try {
      expect(client.listenerCount('error')).toBe(0);
    } finally {
      await store.close();
      client.disconnect();
    }
  });
});
