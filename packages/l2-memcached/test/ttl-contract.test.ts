import { randomUUID } from 'node:crypto';
import { isCacheError } from '@multi-tier-cache/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { memcachedStore } from '../src/index.js';

const url = inject('memcachedUrl');
const bytes = (text: string) => new TextEncoder().encode(text);
const opened: { close(): Promise<void> }[] = [];
function open() {
  const store = memcachedStore({ servers: url, prefix: `ttl:${randomUUID()}:` });
  opened.push(store);
  return store;
}
afterAll(() => Promise.all(opened.map((store) => store.close())));

const badTtls = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const YEAR_MS = 365 * 24 * 3600 * 1000;

describe('the TTL contract', () => {
  it.each(badTtls)(
    'set with a TTL of %s rejects with invalid-ttl and leaves no key',
    async (ttl) => {
      const store = open();
      const error = await store.set('k', bytes('v'), ttl).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isCacheError(error, 'invalid-ttl')).toBe(true);
      expect(await store.get('k')).toBeUndefined();
    },
  );

  it('setMany with one bad TTL rejects with invalid-ttl and writes none of the batch', async () => {
    const store = open();
    const keys = Array.from({ length: 20 }, (_, i) => `batch:${i}`);
    const entries = keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 }));
    entries[13] = { ...entries[13]!, ttlMs: Number.NaN };
    await expect(store.setMany(entries)).rejects.toMatchObject({ code: 'invalid-ttl' });
    expect(await store.getMany(keys)).toEqual(keys.map(() => undefined));
  });

  it('rounds a fractional TTL up to whole seconds', async () => {
    const store = open();
    await store.set('fraction', bytes('v'), 1500.5);
    const ttlMs = (await store.get('fraction'))?.ttlMs;
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(2000);
  });

  it('keeps a TTL of 100 years, clamped to 2038-01-19T03:14:07Z', async () => {
    const store = open();
    await store.set('century', bytes('v'), 100 * YEAR_MS);
    await store.setMany([{ key: 'century-batch', value: bytes('w'), ttlMs: 100 * YEAR_MS }]);
    const untilClamp = Date.UTC(2038, 0, 19, 3, 14, 7) - Date.now();
    for (const key of ['century', 'century-batch']) {
      const ttlMs = (await store.get(key))?.ttlMs;
      expect(ttlMs).toBeGreaterThan(untilClamp - 60_000);
      // memcached reports whole seconds from a clock it advances once a second: allow a few.
      expect(ttlMs).toBeLessThanOrEqual(untilClamp + 5000);
    }
  });

  it('stays usable after refusing a bad TTL', async () => {
    const store = open();
    await expect(store.set('k', bytes('v'), Number.NaN)).rejects.toMatchObject({
      code: 'invalid-ttl',
    });
    await store.set('k', bytes('v'), 60_000);
    expect(new TextDecoder().decode((await store.get('k'))?.value)).toBe('v');
  });
});

describe('the prefix', () => {
  it('refuses an empty prefix with CacheError(configuration) naming the option and the fix', () => {
    let error: unknown;
    try {
      memcachedStore({ servers: url, prefix: '' });
    } catch (thrown) {
      error = thrown;
    }
    expect(isCacheError(error, 'configuration')).toBe(true);
    expect((error as Error).message).toMatch(
      /memcachedStore: the prefix option is empty.*Set a prefix such as "app:"/,
    );
  });
});
