import { randomUUID } from 'node:crypto';
import { createCache, isCacheError } from '@multi-tier-cache/core';
import { type MemcachedServer, startMemcached, waitUntil } from '@multi-tier-cache/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { memcachedStore } from '../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('memcached going away and coming back', () => {
  const servers: MemcachedServer[] = [];
  const ownServer = async () => {
    const server = await startMemcached();
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it('keeps reads failing open while memcached is killed under load, and resumes writes after a restart', async () => {
    const server = await ownServer();
    const prefix = `failover:${randomUUID()}:`;
    const store = memcachedStore({ servers: server.url, prefix, reconnectMaxMs: 200 });
    const cache = createCache({ l2: store, timeout: 300, breaker: { cooldownMs: 100 } });
    const errors: unknown[] = [];
    cache.on('error', ({ error }) => errors.push(error));

    let running = true;
    let completed = 0;
    const rejections: unknown[] = [];
    const callers = Array.from({ length: 32 }, async (_, caller) => {
      for (let n = 0; running; n++) {
        try {
          await cache.get(`load:${caller}:${n % 50}`);
          await cache.getOrCompute(`computed:${caller}:${n}`, () => n, { ttl: '1m' });
          completed++;
        } catch (error) {
          rejections.push(error);
        }
      }
    });

    await waitUntil('load before the kill', async () => completed > 300);
    await server.kill();
    const atKill = completed;
    await waitUntil(
      'reads to keep completing after the kill',
      async () => completed > atKill + 300,
    );
    running = false;
    await Promise.all(callers);

    expect(rejections).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);

    await server.restart();
    const probe = memcachedStore({ servers: server.url, prefix });
    await waitUntil('a write through the cache to reach the restarted memcached', async () => {
      await cache.set('after-restart', 'back');
      const entry = await probe.get('after-restart');
      return entry !== undefined && new TextDecoder().decode(entry.value) === '"back"';
    });
    await probe.close();
    await cache.close();
  });

  it('fails a call with CacheError(timeout) when memcached hangs, then recovers', async () => {
    const server = await ownServer();
    const store = memcachedStore({
      servers: server.url,
      prefix: `hang:${randomUUID()}:`,
      timeoutMs: 200,
      reconnectMaxMs: 100,
    });
    await store.set('k', bytes('v'), 60_000);
    server.pause();
    try {
      const started = Date.now();
      const error = await store.get('k').then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isCacheError(error, 'timeout')).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.resume();
    }
    await waitUntil('reads to work again after resume', async () => {
      const entry = await store.get('k').catch(() => undefined);
      return entry !== undefined;
    });
    await store.close();
  });

  it('reopens an idle connection that a restart closed on the next call', async () => {
    const server = await ownServer();
    const store = memcachedStore({ servers: server.url, prefix: `idle:${randomUUID()}:` });
    await store.set('k', bytes('v'), 60_000);
    await server.restart(); // the old process is gone and its sockets closed before this resolves
    await store.set('k', bytes('again'), 60_000);
    expect(new TextDecoder().decode((await store.get('k'))?.value)).toBe('again');
    await store.close();
  });

  it('rejects at once while the server is unreachable, naming the server', async () => {
    const store = memcachedStore({ servers: '127.0.0.1:1', prefix: 'nowhere:' });
    const error = await store.ping().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isCacheError(error, 'tier-failure')).toBe(true);
    expect(String((error as Error).message)).toContain('127.0.0.1:1');
    const again = await store.get('k').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isCacheError(again)).toBe(true);
    await store.close();
  });
});
