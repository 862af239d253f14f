import { randomUUID } from 'node:crypto';
import { isCacheError, type L2Store } from '@multi-tier-cache/core';
import { type MemcachedServer, startMemcached, waitUntil } from '@multi-tier-cache/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashRing, memcachedStore } from '../src/index.js';
import { startRelay } from './relay.js';

const KEYS = Array.from({ length: 600 }, (_, i) => `item:${i}`);
const bytes = (text: string) => new TextEncoder().encode(text);

let servers: MemcachedServer[];
const stores: L2Store[] = [];
beforeAll(async () => {
  servers = await Promise.all([0, 1, 2, 3].map(() => startMemcached()));
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(servers.map((server) => server.stop()));
});

function open(on: readonly MemcachedServer[], prefix: string, timeoutMs = 1000) {
  const store = memcachedStore({
    servers: on.map((server) => server.url),
    prefix,
    namespaceRefreshMs: 50,
    timeoutMs,
    reconnectMaxMs: 100,
  });
  stores.push(store);
  return store;
}

async function fill(store: L2Store): Promise<void> {
  await store.setMany(KEYS.map((key) => ({ key, value: bytes(key), ttlMs: 600_000 })));
}

async function readable(store: L2Store): Promise<number> {
  const entries = await store.getMany(KEYS);
  return entries.filter((entry) => entry !== undefined).length;
}

/**
 * A prefix whose single, shared generation key would sit on `holder` when the store lists
 * `listed`: the server whose change lost every key before generations were kept per server.
 */
function prefixWithGenerationOn(listed: readonly MemcachedServer[], holder: MemcachedServer) {
  const ring = new HashRing(listed.map((server) => server.address));
  for (;;) {
    const prefix = `servers:${randomUUID()}:`;
    if (ring.serverFor(`${prefix}@gen`) === holder.address) return prefix;
  }
}

describe('changing one server loses only its own keys', () => {
  it('keeps the keys of the other two when one of three servers is removed from the list', async () => {
    const three = servers.slice(0, 3);
    const removed = three[0]!;
    const prefix = prefixWithGenerationOn(three, removed);
    await fill(open(three, prefix));
    const kept = await readable(
      open(
        three.filter((server) => server !== removed),
        prefix,
      ),
    );
    expect(kept).toBeGreaterThanOrEqual(KEYS.length * 0.5); // about two thirds
  });

  it('loses about a quarter of the keys when a fourth server is added', async () => {
    const three = servers.slice(0, 3);
    const prefix = prefixWithGenerationOn(servers, servers[3]!);
    await fill(open(three, prefix));
    const lost = KEYS.length - (await readable(open(servers, prefix)));
    expect(lost).toBeLessThanOrEqual(KEYS.length * 0.35);
  });

  it("keeps the other servers' keys when a server restarts as a new instance starts, and clear() still clears all", async () => {
    const three = servers.slice(0, 3);
    const restarted = three[1]!;
    const prefix = prefixWithGenerationOn(three, restarted);
    const first = open(three, prefix);
    await fill(first);
    await restarted.restart();
    const second = open(three, prefix);
    expect(await readable(second)).toBeGreaterThanOrEqual(KEYS.length * 0.5);

    await second.clear();
    expect(await readable(second)).toBe(0);
    await waitUntil(
      'the first instance to see the clear',
      async () => (await readable(first)) === 0,
    );
    await fill(second);
    expect(await readable(first)).toBe(KEYS.length);
  });

  it('rejects a clear() that misses a server, naming it, and never reads its old keys afterwards', async () => {
    const relay = await startRelay(servers[2]!.port);
    try {
      const store = memcachedStore({
        servers: [servers[0]!.url, servers[1]!.url, relay.address],
        prefix: `servers:${randomUUID()}:`,
        timeoutMs: 200,
        reconnectMaxMs: 100,
      });
      stores.push(store);
      await fill(store);
      relay.swallow(true);
      const error = await store.clear().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      relay.swallow(false);
      expect(isCacheError(error, 'tier-failure')).toBe(true);
      expect((error as Error).message).toContain(relay.address);
      const counts: number[] = [];
      await waitUntil('reads to reach the third server again', async () => {
        const count = await readable(store).catch(() => undefined);
        if (count !== undefined) counts.push(count);
        return count !== undefined;
      });
      expect(counts).toEqual([0]);
    } finally {
      await relay.close();
    }
  });
});
