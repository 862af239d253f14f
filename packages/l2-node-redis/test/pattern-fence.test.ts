import { isTombstone, type L2Store } from '@multi-tier-cache/core';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

const prefix = `nr-pattern-fence-${process.pid}:`;
const one = new Uint8Array([1]);

describe('pattern deletion fences computed writes (node-redis)', () => {
  const stores: L2Store[] = [];
  let admin: ReturnType<typeof createClient>;
  const open = (scanCount?: number) => {
    const store = nodeRedisStore({ url: inject('redisUrl'), prefix, scanCount });
    stores.push(store);
    return store;
  };
  const raw = (key: string) =>
    admin
      .withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
      .get(`${prefix}${key}`) as Promise<Buffer | null>;

  beforeAll(async () => {
    admin = createClient({ url: inject('redisUrl') });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.clear().finally(() => store.close())));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('leaves tombstones for the matched keys and counts only those that held a value', async () => {
    const store = open(2);
    for (let i = 0; i < 7; i++) await store.set(`user:${i}`, one, 60_000);
    await store.set('other:1', one, 60_000);
    expect(await store.deleteMatching!('user:*')).toBe(7);
    for (let i = 0; i < 7; i++) {
      const bytes = await raw(`user:${i}`);
      expect(bytes !== null && isTombstone(bytes)).toBe(true);
    }
    expect(await store.deleteMatching!('user:*')).toBe(0);
    expect(await store.get('other:1')).toBeDefined();
  });

  it('refuses a computed write of a key the deletion did not find, when the computation started before it', async () => {
    const store = open();
    const startedAt = Date.now() - 50;
    await store.deleteMatching!('user:*');
    expect(await store.setIfNotNewer!('user:new', one, 60_000, startedAt)).toBe(false);
    expect(await raw('user:new')).toBeNull();
    expect(await store.setIfNotNewer!('other:new', one, 60_000, startedAt)).toBe(true);
    expect(await store.setIfNotNewer!('user:new', one, 60_000, Date.now() + 50)).toBe(true);
  });
});
