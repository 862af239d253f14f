import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { freePort, type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

const PASSWORD = 'the-right-one';

/** The message of `store.get` and of a strict cache's `get` on a store reaching `url`. */
async function messagesFor(url: string): Promise<{ store: string; cache: string; cause: unknown }> {
  const store = nodeRedisStore({
    url,
    prefix: 'conn-errors:',
    maxReconnectDelayMs: 100,
    connectTimeout: 500,
  });
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

describe('nodeRedisStore connection errors say what happened and where', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    const admin = await createClient({ url: server.url }).connect();
    await admin.configSet('requirepass', PASSWORD);
    admin.destroy();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('names ECONNREFUSED and the address on a refused port, not "not connected"', async () => {
    const port = await freePort();
    const { store, cache, cause } = await messagesFor(`redis://127.0.0.1:${port}`);
    for (const message of [store, cache]) {
      expect(message).toContain(`ECONNREFUSED 127.0.0.1:${port}: nothing accepts connections`);
      expect(message).not.toMatch(/not connected|client is closed/i);
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

  it('names the refusal when Redis refuses the database', async () => {
    const { store, cache } = await messagesFor(`redis://:${PASSWORD}@127.0.0.1:${server.port}/99`);
    for (const message of [store, cache]) {
      expect(message).toContain(`DB index out of range at 127.0.0.1:${server.port}`);
      expect(message).not.toContain(PASSWORD);
    }
  });
});
