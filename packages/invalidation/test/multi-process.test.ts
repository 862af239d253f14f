import { CacheStrategy } from '@multi-tier-cache/core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { uniqueChannel, until } from './helpers.js';
import { type Instance, startInstance } from './instances.js';

// Three processes on one Redis: two on ioredis, one on node-redis, all signing.
let a: Instance;
let b: Instance;
let c: Instance;

beforeAll(async () => {
  const env = { REDIS_URL: inject('redisUrl'), CHANNEL: uniqueChannel(), SECRET: 'multi-process' };
  [a, b, c] = await Promise.all([
    startInstance('A', { ...env, TRANSPORT: 'ioredis' }),
    startInstance('B', { ...env, TRANSPORT: 'node-redis' }),
    startInstance('C', { ...env, TRANSPORT: 'ioredis' }),
  ]);
});

afterAll(async () => {
  await Promise.all([a, b, c].map((instance) => instance?.stop()));
});

/** Writes `value` into each instance's own L1 (no shared tier, no broadcast). */
async function setEverywhere(key: string, value: unknown) {
  await Promise.all([a, b, c].map((instance) => instance.call('set', key, value)));
}

const others = () => [b, c];

describe('several processes sharing one Redis', () => {
  test('invalidate removes the key from every instance', async () => {
    await setEverywhere('inv:1', 'old');
    await a.call('invalidate', 'inv:1');
    expect(await a.call('get', 'inv:1')).toBeUndefined();
    for (const instance of others()) {
      await until(
        `${instance.name} dropped inv:1`,
        async () => (await instance.call('get', 'inv:1')) === undefined,
      );
    }
  });

  test('updateCache pushes the new value into every instance', async () => {
    await setEverywhere('upd:1', { version: 1 });
    await a.call('updateCache', 'upd:1', { version: 2 });
    for (const instance of others()) {
      await until(`${instance.name} holds version 2`, async () => {
        const value = await instance.call<{ version: number }>('get', 'upd:1');
        return value?.version === 2;
      });
    }
  });

  test('invalidatePattern removes the matching keys and keeps the rest', async () => {
    await setEverywhere('pat:1', 1);
    await setEverywhere('pat:2', 2);
    await setEverywhere('keep:1', 3);
    await b.call('invalidatePattern', 'pat:*');
    for (const instance of [a, c]) {
      await until(`${instance.name} dropped pat:*`, async () => {
        const values = await instance.call<unknown[]>('getMany', ['pat:1', 'pat:2']);
        return values.every((value) => value === null);
      });
      expect(await instance.call('get', 'keep:1')).toBe(3);
    }
  });

  test('setWithBroadcast writes the value with a strategy into every instance', async () => {
    await c.call('setWithBroadcast', 'swb:1', 'fresh', CacheStrategy.ShortTerm);
    for (const instance of [a, b]) {
      await until(
        `${instance.name} holds swb:1`,
        async () => (await instance.call('get', 'swb:1')) === 'fresh',
      );
    }
  });

  test('a bulk delete removes all its keys everywhere with one message', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `bulk:${i}`);
    await Promise.all(keys.map((key) => setEverywhere(key, key)));
    const before = await b.call<{ received: { remove: number } }>('busStats');
    await a.call('delete', keys);
    for (const instance of others()) {
      await until(`${instance.name} dropped every bulk key`, async () => {
        const values = await instance.call<unknown[]>('getMany', keys);
        return values.every((value) => value === null);
      });
    }
    const after = await b.call<{ received: { remove: number } }>('busStats');
    expect(after.received.remove - before.received.remove).toBe(1);
  });

  test('clear empties every instance L1', async () => {
    await setEverywhere('clr:1', 1);
    await setEverywhere('clr:2', 2);
    await b.call('clear');
    for (const instance of [a, c]) {
      await until(`${instance.name} is empty`, async () => {
        const values = await instance.call<unknown[]>('getMany', ['clr:1', 'clr:2']);
        return values.every((value) => value === null);
      });
    }
  });

  test('a computation started before a remote invalidation does not cache its result', async () => {
    await b.call('startCompute', 'res:1', 'computed-before');
    const { received } = await b.call<{ received: { remove: number } }>('busStats');
    await a.call('invalidate', 'res:1');
    await until('B heard the invalidation', async () => {
      const stats = await b.call<{ received: { remove: number } }>('busStats');
      return stats.received.remove > received.remove;
    });
    expect(await b.call('finishCompute', 'res:1')).toBe('computed-before');
    expect(await b.call('get', 'res:1')).toBeUndefined();
  });

  test('no instance applied its own messages or dropped anything', async () => {
    for (const instance of [a, b, c]) {
      const stats = await instance.call<{ dropped: Record<string, number> }>('busStats');
      expect(stats.dropped.malformed).toBe(0);
      expect(stats.dropped.badSignature).toBe(0);
      expect(stats.dropped.own).toBeGreaterThan(0);
    }
  });
});
