import { l2StoreSuite } from '@multi-tier-cache/conformance';
import type { L2Store } from '@multi-tier-cache/core';
import { keySlot } from '@multi-tier-cache/redis-common';
import { createCluster } from 'redis';
import * as vitest from 'vitest';
import { nodeRedisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const { afterEach, describe, expect, inject, it } = vitest;

l2StoreSuite(vitest, {
  name: 'node-redis cluster',
  createStore: ({ prefix }) => nodeRedisStore({ clusterNodes: inject('clusterNodes'), prefix }),
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) =>
  value === undefined ? undefined : new TextDecoder().decode(value);

describe('nodeRedisStore on the shared 3-master cluster', () => {
  const stores: L2Store[] = [];
  const open = (prefix: string) => {
    const store = nodeRedisStore({ rootNodes: inject('clusterNodes'), prefix });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('reads, writes and deletes 100 keys spread over every master without CROSSSLOT', async () => {
    const store = open('nr-cl-spread:');
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
    const entries = await store.getMany(['missing', ...keys]);
    expect(entries[0]).toBeUndefined();
    expect(entries.slice(1).map((entry) => text(entry?.value))).toEqual(keys);
    expect(entries[1]?.ttlMs).toBeGreaterThan(50_000);
    expect(await store.delete([...keys, 'missing'])).toBe(100);
  });

  it('coalesces concurrent reads of keys spread over every master, each caller getting its own value', async () => {
    const store = open('nr-cl-coalesce:');
    const keys = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? `{t}:${i}` : `c${i}`));
    await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
    const entries = await Promise.all([...keys, 'missing'].map((key) => store.get(key)));
    expect(entries.map((entry) => text(entry?.value))).toEqual([...keys, undefined]);
    expect(entries[7]?.ttlMs).toBeGreaterThan(50_000);
    await store.delete(keys);
  });

  it('keeps keys with one hash tag in one slot', async () => {
    const store = open('nr-cl-tag:');
    expect(keySlot('nr-cl-tag:{user:1}:profile')).toBe(keySlot('nr-cl-tag:{user:1}:orders'));
    await store.setMany([
      { key: '{user:1}:profile', value: bytes('p'), ttlMs: 60_000 },
      { key: '{user:1}:orders', value: bytes('o'), ttlMs: 60_000 },
    ]);
    const entries = await store.getMany(['{user:1}:profile', '{user:1}:orders']);
    expect(entries.map((entry) => text(entry?.value))).toEqual(['p', 'o']);
  });

  it('clears and deletes by pattern on every master', async () => {
    const store = open('nr-cl-clear:');
    const keys = Array.from({ length: 60 }, (_, i) => `user:${i}`);
    await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
    expect(await store.deleteMatching!('user:1*')).toBe(11);
    await store.clear();
    expect((await store.getMany(keys)).filter((entry) => entry !== undefined)).toHaveLength(0);
  });

  it('pings every master', async () => {
    expect(await open('nr-cl-ping:').ping()).toBeGreaterThanOrEqual(0);
  });

  it('uses an existing cluster client and never closes it', async () => {
    const cluster = createCluster({
      rootNodes: inject('clusterNodes').map(({ host, port }) => ({ socket: { host, port } })),
    });
    await cluster.connect();
    const store = nodeRedisStore({ cluster, prefix: 'nr-cl-existing:' });
    await store.set('k', bytes('mine'), 60_000);
    expect(text((await store.get('k'))?.value)).toBe('mine');
    await store.close();
    expect(cluster.isOpen).toBe(true);
    expect(await storedText(cluster, 'nr-cl-existing:k')).toBe('mine');
    await cluster.del('nr-cl-existing:k');
    await cluster.close();
  });
});
