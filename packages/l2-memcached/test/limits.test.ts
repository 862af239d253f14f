import { randomUUID } from 'node:crypto';
import { createCache, isCacheError, memoryL1Store } from '@multi-tier-cache/core';
import { startMemcached, waitUntil } from '@multi-tier-cache/test-servers';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_MAX_VALUE_BYTES, memcachedStore } from '../src/index.js';

const url = inject('memcachedUrl');
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) =>
  value === undefined ? undefined : new TextDecoder().decode(value);
const opened: { close(): Promise<void> }[] = [];
function open(options: Parameters<typeof memcachedStore>[0] = {}) {
  const store = memcachedStore({ servers: url, prefix: `limits:${randomUUID()}:`, ...options });
  opened.push(store);
  return store;
}
afterAll(() => Promise.all(opened.map((store) => store.close())));

describe('keys memcached cannot hold as they are', () => {
  it('hashes keys over 250 bytes deterministically, keeping them distinct', async () => {
    const prefix = `limits:${randomUUID()}:`;
    const writer = open({ prefix });
    const long = 'k'.repeat(600);
    await writer.set(long, bytes('long'), 60_000);
    await writer.set(`${long}x`, bytes('longer'), 60_000);
    const reader = open({ prefix }); // another instance maps the key the same way
    expect(text((await reader.get(long))?.value)).toBe('long');
    expect(text((await reader.get(`${long}x`))?.value)).toBe('longer');
    expect(await reader.delete([long])).toBe(1);
    expect(await reader.get(long)).toBeUndefined();
  });

  it('hashes keys with spaces and control characters instead of refusing them', async () => {
    const store = open();
    const keys = ['a b', 'a\r\nmg x v', 'tab\there', 'nul\u0000', 'a  b'];
    await store.setMany(keys.map((key, i) => ({ key, value: bytes(String(i)), ttlMs: 60_000 })));
    const entries = await store.getMany(keys);
    expect(entries.map((entry) => text(entry?.value))).toEqual(keys.map((_, i) => String(i)));
  });

  it('refuses a prefix with spaces with CacheError(configuration)', () => {
    expect(() => memcachedStore({ servers: url, prefix: 'has space' })).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });
});

describe('values over the item size limit', () => {
  it('rejects with value-too-large and writes nothing', async () => {
    const store = open();
    expect(store.maxValueBytes).toBe(DEFAULT_MAX_VALUE_BYTES);
    await store.set('k', bytes('before'), 60_000);
    const tooLarge = new Uint8Array(DEFAULT_MAX_VALUE_BYTES + 1);
    await expect(store.set('k', tooLarge, 60_000)).rejects.toMatchObject({
      code: 'value-too-large',
    });
    await expect(
      store.setMany([
        { key: 'fits', value: bytes('small'), ttlMs: 60_000 },
        { key: 'k', value: tooLarge, ttlMs: 60_000 },
      ]),
    ).rejects.toMatchObject({ code: 'value-too-large' });
    expect(text((await store.get('k'))?.value)).toBe('before');
    expect(await store.get('fits')).toBeUndefined();
  });

  it('is refused by the cache before any tier is written', async () => {
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: open({ maxValueBytes: 1000 }), strict: true });
    await expect(cache.set('big', 'x'.repeat(2000))).rejects.toMatchObject({
      code: 'value-too-large',
    });
    expect(l1.get('big')).toBeUndefined();
    await cache.close();
  });

  it("maps the server's own refusal to value-too-large and keeps the connection usable", async () => {
    const small = await startMemcached({ itemSizeLimit: '1m' });
    try {
      const store = open({
        servers: small.url,
        maxValueBytes: 4 * 1024 * 1024,
        connectionsPerServer: 1,
      });
      await expect(store.set('big', new Uint8Array(2 * 1024 * 1024), 60_000)).rejects.toMatchObject(
        {
          code: 'value-too-large',
        },
      );
      await store.set('small', bytes('ok'), 60_000);
      expect(text((await store.get('small'))?.value)).toBe('ok');
    } finally {
      await small.stop();
    }
  });
});

describe('TTLs', () => {
  it('reports the remaining TTL in milliseconds', async () => {
    const store = open();
    await store.set('k', bytes('v'), 60_000);
    const ttlMs = (await store.get('k'))?.ttlMs;
    expect(ttlMs).toBeGreaterThan(55_000);
    expect(ttlMs).toBeLessThanOrEqual(60_000);
  });

  it('keeps a TTL over 30 days (sent as an absolute time)', async () => {
    const store = open();
    const fortyDays = 40 * 24 * 3600 * 1000;
    await store.set('long-lived', bytes('v'), fortyDays);
    const ttlMs = (await store.get('long-lived'))?.ttlMs;
    expect(ttlMs).toBeGreaterThan(fortyDays - 60_000);
    // memcached's own clock ticks once a second and can trail this process's by a few seconds
    // on a loaded machine, so an absolute expiry reads back a little long.
    expect(ttlMs).toBeLessThanOrEqual(fortyDays + 5000);
  });
});

describe('clear()', () => {
  it('reaches another instance on the same prefix within namespaceRefreshMs', async () => {
    const prefix = `limits:${randomUUID()}:`;
    const a = open({ prefix, namespaceRefreshMs: 50 });
    const b = open({ prefix, namespaceRefreshMs: 50 });
    await a.set('k', bytes('v'), 60_000);
    expect(text((await b.get('k'))?.value)).toBe('v');
    await a.clear();
    expect(await a.get('k')).toBeUndefined();
    await waitUntil(
      'the other instance to see the clear',
      async () => (await b.get('k')) === undefined,
    );
  });
});

describe('pipelining', () => {
  it('matches thousands of concurrent replies to their requests on one connection', async () => {
    const store = open({ connectionsPerServer: 1 });
    const keys = Array.from({ length: 2000 }, (_, i) => `p:${i}`);
    await Promise.all(keys.map((key) => store.set(key, bytes(key), 60_000)));
    const read = await Promise.all(keys.map((key) => store.get(key)));
    expect(read.map((entry) => text(entry?.value))).toEqual(keys);
  });

  it('ping resolves to a latency', async () => {
    expect(await open().ping()).toBeGreaterThanOrEqual(0);
  });

  it('rejects calls after close with CacheError(closed)', async () => {
    const store = memcachedStore({ servers: url, prefix: `limits:${randomUUID()}:` });
    await store.set('k', bytes('v'), 60_000);
    await store.close();
    const error = await store.get('k').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isCacheError(error, 'closed')).toBe(true);
  });
});
