import { createCache, isTombstone, type MultiTierCache } from '@multi-tier-cache/core';
import { FENCE_SET } from '@multi-tier-cache/redis-common';
import { waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const prefix = `ioredis-fence-${process.pid}:`;

describe('fenced compute-writes across instances (ioredis)', () => {
  const opened: MultiTierCache[] = [];
  let admin: Redis;

  function instance() {
    const store = ioredisStore({ url: inject('redisUrl'), prefix });
    const cache = createCache({ l2: [store], timeout: 1000 });
    opened.push(cache);
    return { cache, store };
  }

  beforeAll(async () => {
    admin = new Redis(inject('redisUrl'));
    // Loaded up front so each fenced write is one EVALSHA, ordered with the calls after it.
    await admin.script('LOAD', FENCE_SET);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.clear().finally(() => cache.close())));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('keeps v179 when a computation that read v178 finishes after another instance updated the key', async () => {
    const a = instance();
    const b = instance();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const computing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const onA = a.cache.getOrCompute('user:1', async () => {
      const read = 'v178';
      started();
      await gate;
      return read;
    });
    await computing;
    await b.cache.updateCache('user:1', 'v179');
    release();
    expect(await onA).toBe('v178');
    // The fenced write went out before this ping on A's connection: its answer follows it.
    await a.store.ping();
    expect(await storedText(admin, `${prefix}user:1`)).toBe('"v179"');
    expect(await a.cache.get('user:1')).toBe('v179');
    expect(await b.cache.get('user:1')).toBe('v179');
  });

  it('writes nothing back over an invalidation made while the computation ran', async () => {
    const a = instance();
    const b = instance();
    await b.cache.set('user:2', 'v1');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const computing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const onA = a.cache.getOrCompute(
      'user:2',
      async () => {
        started();
        await gate;
        return 'v1-recomputed';
      },
      { forceFresh: true },
    );
    await computing;
    await b.cache.invalidate('user:2');
    release();
    await onA;
    await a.store.ping();
    const raw = await admin.getBuffer(`${prefix}user:2`);
    expect(raw !== null && isTombstone(raw)).toBe(true);
    expect(await b.cache.get('user:2')).toBeUndefined();
    expect(await a.cache.get('user:2')).toBeUndefined();
  });

  it('lets a computation that started after the last write land', async () => {
    const a = instance();
    const b = instance();
    await b.cache.invalidate('user:3');
    // Past the tombstone's moment by more than the clockSkew allowance (20 ms by default).
    const after = Date.now() + 150;
    await waitUntil('the clock to pass the allowance', async () => Date.now() > after);
    expect(await a.cache.getOrCompute('user:3', () => 'fresh')).toBe('fresh');
    await a.store.ping();
    expect(await storedText(admin, `${prefix}user:3`)).toBe('"fresh"');
    expect(await b.cache.get('user:3')).toBe('fresh');
  });

  it('writes nothing back over a pattern invalidation made while the computation ran, on a key Redis did not hold', async () => {
    const a = instance();
    const b = instance();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const computing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const onA = a.cache.getOrCompute('user:4', async () => {
      const read = 'v1';
      started();
      await gate;
      return read;
    });
    await computing;
    await b.cache.invalidatePattern('user:*');
    release();
    expect(await onA).toBe('v1');
    await a.store.ping();
    expect(await admin.getBuffer(`${prefix}user:4`)).toBeNull();
    expect(await b.cache.get('user:4')).toBeUndefined();
    expect(await a.cache.get('user:4')).toBeUndefined();
  });

  it('leaves tombstones for the keys a pattern deletion matched, counting only values', async () => {
    const { store } = instance();
    await store.set('user:5', new Uint8Array([1]), 60_000);
    await store.set('other:5', new Uint8Array([2]), 60_000);
    expect(await store.deleteMatching!('user:*')).toBe(1);
    const raw = await admin.getBuffer(`${prefix}user:5`);
    expect(raw !== null && isTombstone(raw)).toBe(true);
    expect(await store.get('user:5')).toBeUndefined();
    expect(await store.deleteMatching!('user:*')).toBe(0);
    expect(await store.get('other:5')).toBeDefined();
  });

  it('refuses a computed write that started before a pattern deletion matching its key', async () => {
    const { store } = instance();
    const startedAt = Date.now() - 50;
    await store.deleteMatching!('user:*');
    expect(await store.setIfNotNewer!('user:6', new Uint8Array([1]), 60_000, startedAt)).toBe(
      false,
    );
    expect(await store.setIfNotNewer!('other:6', new Uint8Array([1]), 60_000, startedAt)).toBe(
      true,
    );
    expect(await store.setIfNotNewer!('user:6', new Uint8Array([1]), 60_000, Date.now() + 50)).toBe(
      true,
    );
    expect(await store.get('user:6')).toBeDefined();
  });
});
