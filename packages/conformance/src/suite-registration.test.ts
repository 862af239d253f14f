import {
  type Bus,
  CacheError,
  type L2Store,
  type MemoryL2Slot,
  memoryBusHub,
  memoryL1Store,
  memoryL2Store,
  storeTtlMs,
} from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { busSuite } from './bus-suite.js';
import { l1StoreSuite } from './l1-store-suite.js';
import { l2StoreSuite } from './l2-store-suite.js';
import type { VitestLike } from './vitest-like.js';

interface Registered {
  readonly title: string;
  readonly skipped: boolean;
  readonly fn: () => Promise<void> | void;
}

/** A stand-in for the vitest module that records what a suite registers. */
function fakeVitest() {
  const tests: Registered[] = [];
  const describes: string[] = [];
  const collecting: Promise<void>[] = [];
  const api: VitestLike = {
    describe(name, factory) {
      describes.push(name);
      collecting.push(Promise.resolve(factory()));
    },
    it: Object.assign(
      (title: string, fn: () => Promise<void> | void) => {
        tests.push({ title, skipped: false, fn });
      },
      {
        skip: (title: string, fn: () => Promise<void> | void) => {
          tests.push({ title, skipped: true, fn });
        },
      },
    ),
    expect,
    beforeAll() {},
    afterAll() {},
  };
  return {
    api,
    describes,
    async collected() {
      await Promise.all(collecting);
      return tests;
    },
    async run(title: string) {
      await Promise.all(collecting);
      const test = tests.find((t) => t.title === title);
      if (test === undefined) throw new Error(`no test "${title}"`);
      await test.fn();
    },
  };
}

describe('suite registration', () => {
  it('throws on a skip entry naming an unknown test', () => {
    const fake = fakeVitest();
    expect(() =>
      l1StoreSuite(fake.api, {
        name: 'typo',
        createStore: () => memoryL1Store(),
        skip: { 'get returns undefined for a mising key': 'typo' },
      }),
    ).toThrow(/unknown test "get returns undefined for a mising key"/);
    expect(fake.describes).toEqual([]);
  });

  it('throws on a skip entry naming an unknown id, listing the ids', () => {
    const fake = fakeVitest();
    expect(() =>
      l2StoreSuite(fake.api, {
        name: 'typo',
        createStore: ({ prefix }) => memoryL2Store({ prefix }),
        skip: { 'l2.value.one-mb': 'typo' },
      }),
    ).toThrow(/unknown test "l2\.value\.one-mb"; use one of the ids: .*l2\.value\.one-mib/);
  });

  it('skips a test by its stable id, and still by its exact title', async () => {
    const fake = fakeVitest();
    l1StoreSuite(fake.api, {
      name: 'by id',
      createStore: () => memoryL1Store(),
      skip: { 'l1.size.counts': 'size is approximate', 'clear removes everything': 'by title' },
    });
    const skipped = (await fake.collected()).filter((test) => test.skipped);
    expect(skipped.map((test) => test.title)).toEqual([
      'size counts entries [skipped: size is approximate]',
      'clear removes everything [skipped: by title]',
    ]);
  });

  it('gives every test of every suite a unique id', async () => {
    const { busTests, l1StoreTests, l2StoreTests } = await import('./index.js');
    const ids = [...l1StoreTests, ...l2StoreTests, ...busTests].map((test) => test.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(l1|l2|bus)\.[a-z0-9-]+\.[a-z0-9-]+$/);
  });

  it('throws on a skip entry without a reason', () => {
    const fake = fakeVitest();
    expect(() =>
      l1StoreSuite(fake.api, {
        name: 'no reason',
        createStore: () => memoryL1Store(),
        skip: { 'size counts entries': ' ' },
      }),
    ).toThrow(/needs a reason/);
  });

  it('registers a listed test as skipped with the reason in its title', async () => {
    const fake = fakeVitest();
    l1StoreSuite(fake.api, {
      name: 'skipping',
      createStore: () => memoryL1Store(),
      skip: { 'size counts entries': 'size is approximate' },
    });
    const skipped = (await fake.collected()).filter((test) => test.skipped);
    expect(skipped.map((test) => test.title)).toEqual([
      'size counts entries [skipped: size is approximate]',
    ]);
  });

  it('skips what the store capabilities rule out, with the reason', async () => {
    const fake = fakeVitest();
    l2StoreSuite(fake.api, {
      name: 'limited',
      createStore: ({ prefix }) => ({
        ...memoryL2Store({ prefix }),
        capabilities: { deleteMatching: false, remainingTtl: false },
        maxValueBytes: 1000,
      }),
    });
    const skipped = (await fake.collected()).filter((test) => test.skipped);
    expect(skipped.map((test) => test.title)).toEqual([
      'get reports the remaining TTL in milliseconds [skipped: capabilities.remainingTtl is false]',
      'deleteMatching removes keys matching * and resolves to the count [skipped: capabilities.deleteMatching is false]',
      'deleteMatching supports ? and [ab] classes [skipped: capabilities.deleteMatching is false]',
      'deleteMatching treats backslash-escaped metacharacters literally [skipped: capabilities.deleteMatching is false]',
      'deleteMatching leaves keys under other prefixes [skipped: capabilities.deleteMatching is false]',
      'stores a 1 MiB value [skipped: maxValueBytes is 1000, below 1 MiB]',
      'acquireLock gives one holder a token; only that token releases it [skipped: capabilities.locks is not set]',
      'acquireLock refuses a key that already has a value [skipped: capabilities.locks is not set]',
      'setIfLockHeld writes and releases only while the token holds the lease [skipped: capabilities.locks is not set]',
      'a lease expires by itself, and its holder can then write nothing [skipped: capabilities.locks is not set]',
      'a replacing lease is granted while the key holds a value, and keeps the value until the write [skipped: capabilities.replacingLocks is not set]',
      'a replacing lease is refused while another lease holds the key [skipped: capabilities.replacingLocks is not set]',
      'setIfLockHeld fences a replacing lease: a wrong or expired token writes nothing [skipped: capabilities.replacingLocks is not set]',
      'setIfNotNewer writes an absent key and over a value written before the computation [skipped: capabilities.conditionalWrite is not set]',
      'setIfNotNewer leaves a value written after the computation started [skipped: capabilities.conditionalWrite is not set]',
      'deleteWithTombstone counts the values it removed, and every read misses the tombstone [skipped: capabilities.conditionalWrite is not set]',
      'a tombstone refuses computations that started before it, not those after it [skipped: capabilities.conditionalWrite is not set]',
      'a tombstone expires after its TTL, and then fences nothing [skipped: capabilities.conditionalWrite is not set]',
      'acquireLock takes the lease on a key that holds only a tombstone [skipped: capabilities.conditionalWrite is not set]',
      'a value written under a lease fences computations that started before it [skipped: capabilities.conditionalWrite is not set]',
      'deleteMatching counts the values it removed and refuses computations that started before it [skipped: capabilities.conditionalWrite is not set]',
    ]);
    await fake.run('stores a value of exactly maxValueBytes');
  });

  it('skips the reconnect tests when no reconnect function is given', async () => {
    const fake = fakeVitest();
    const hub = memoryBusHub();
    busSuite(fake.api, {
      name: 'no reconnect',
      createBuses: async (count) => Array.from({ length: count }, () => hub.connect()),
    });
    const skipped = (await fake.collected()).filter((test) => test.skipped);
    expect(skipped.map((test) => test.title)).toEqual([
      'calls onReconnect after a reconnect [skipped: no reconnect option given]',
      'delivers messages again after a reconnect [skipped: no reconnect option given]',
    ]);
  });
});

describe('the suites catch broken implementations', () => {
  it('an L1 store that loses null', async () => {
    const fake = fakeVitest();
    l1StoreSuite(fake.api, {
      name: 'loses null',
      createStore: () => {
        const store = memoryL1Store();
        const get = store.get.bind(store);
        return { ...store, get: (key: string) => get(key) ?? undefined, size: 0 };
      },
    });
    await expect(fake.run('stores null and returns null, not undefined')).rejects.toThrow();
  });

  it('an L2 store that accepts an empty prefix or an invalid TTL, or throws synchronously', async () => {
    const fake = fakeVitest();
    l2StoreSuite(fake.api, {
      name: 'no contract',
      createStore: ({ prefix }): L2Store => {
        const inner = memoryL2Store({ prefix: prefix || 'any:' });
        const lenient = (ttlMs: number) => (ttlMs > 0 && Number.isFinite(ttlMs) ? ttlMs : 1);
        return {
          ...inner,
          set: (key, value, ttlMs) => inner.set(key, value, lenient(ttlMs)),
          setMany: (entries) =>
            inner.setMany(entries.map((entry) => ({ ...entry, ttlMs: lenient(entry.ttlMs) }))),
        };
      },
    });
    await expect(
      fake.run('an empty prefix is refused with a configuration error'),
    ).rejects.toThrow();
    for (const label of ['0', '-1', 'NaN', 'Infinity']) {
      await expect(
        fake.run(`set with a TTL of ${label} rejects with invalid-ttl and writes nothing`),
      ).rejects.toThrow();
    }
    await expect(
      fake.run(
        'setMany with one invalid TTL rejects with invalid-ttl and writes none of the batch',
      ),
    ).rejects.toThrow();

    const throwing = fakeVitest();
    l2StoreSuite(throwing.api, {
      name: 'throws synchronously',
      createStore: ({ prefix }): L2Store => ({
        ...memoryL2Store({ prefix }),
        set: (key, _value, ttlMs) => {
          storeTtlMs(ttlMs, key);
          return Promise.resolve();
        },
      }),
    });
    await expect(
      throwing.run('set with a TTL of 0 rejects with invalid-ttl and writes nothing'),
    ).rejects.toThrow(/threw synchronously/);
  });

  it('an L2 store keeping the prefix and TTL contract passes those tests', async () => {
    const fake = fakeVitest();
    l2StoreSuite(fake.api, {
      name: 'contract',
      createStore: ({ prefix }): L2Store => {
        if (prefix === '') throw new CacheError('configuration', 'prefix is empty');
        const store = memoryL2Store({ prefix });
        return {
          ...store,
          set: async (key, value, ttlMs) => store.set(key, value, storeTtlMs(ttlMs, key)),
          setMany: async (entries) => {
            const ttls = entries.map((entry) => storeTtlMs(entry.ttlMs, entry.key));
            await store.setMany(entries.map((entry, i) => ({ ...entry, ttlMs: ttls[i]! })));
          },
        };
      },
    });
    for (const test of (await fake.collected()).filter((t) =>
      /prefix is refused|TTL/.test(t.title),
    )) {
      await fake.run(test.title);
    }
  });

  it('an L2 store whose clear wipes other prefixes', async () => {
    const fake = fakeVitest();
    const data = new Map<string, MemoryL2Slot>();
    l2StoreSuite(fake.api, {
      name: 'wipes everything',
      createStore: ({ prefix }): L2Store => ({
        ...memoryL2Store({ prefix, data }),
        clear: async () => data.clear(),
      }),
    });
    await expect(fake.run('clear removes only keys under its own prefix')).rejects.toThrow();
  });

  it('an L2 store that reports the remaining TTL in seconds', async () => {
    const fake = fakeVitest();
    l2StoreSuite(fake.api, {
      name: 'seconds',
      createStore: ({ prefix }): L2Store => {
        const store = memoryL2Store({ prefix });
        return {
          ...store,
          get: async (key) => {
            const entry = await store.get(key);
            return entry && { value: entry.value, ttlMs: Math.ceil(entry.ttlMs! / 1000) };
          },
        };
      },
    });
    await expect(fake.run('get reports the remaining TTL in milliseconds')).rejects.toThrow();
  });

  it('an L2 store that treats glob characters in keys as patterns', async () => {
    const fake = fakeVitest();
    l2StoreSuite(fake.api, {
      name: 'glob delete',
      createStore: ({ prefix }): L2Store => {
        const store = memoryL2Store({ prefix });
        return {
          ...store,
          delete: async (keys) => {
            let removed = 0;
            for (const key of keys) removed += await store.deleteMatching!(key);
            return removed;
          },
        };
      },
    });
    await expect(
      fake.run('keys with spaces, colons and glob characters are literal keys'),
    ).rejects.toThrow();
  });

  it('a bus that echoes its own messages', async () => {
    const fake = fakeVitest();
    busSuite(fake.api, {
      name: 'echo',
      createBuses: async (count) => {
        const listeners = new Set<(message: Parameters<Bus['publish']>[0]) => void>();
        return Array.from({ length: count }, (): Bus => {
          const mine = new Set<(message: Parameters<Bus['publish']>[0]) => void>();
          return {
            async publish(message) {
              for (const deliver of listeners) queueMicrotask(() => deliver(message));
            },
            subscribe(listener) {
              const deliver = (message: Parameters<Bus['publish']>[0]) =>
                listener.onMessage(message);
              listeners.add(deliver);
              mine.add(deliver);
              return () => listeners.delete(deliver);
            },
            async close() {
              for (const deliver of mine) listeners.delete(deliver);
            },
          };
        });
      },
    });
    await expect(
      fake.run('delivers to every other bus, never back to the sender'),
    ).rejects.toThrow();
  });
});
