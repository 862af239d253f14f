import type { L1Store } from '@multi-tier-cache/core';
import type { ConformanceTest } from './conformance-test.js';
import type { VitestLike } from './vitest-like.js';
import { waitFor } from './wait-for.js';

/** What an L1 test gets: vitest's expect and a fresh store. */
export interface L1TestContext {
  readonly expect: VitestLike['expect'];
  readonly store: L1Store;
}

/** One test of {@link l1StoreSuite}. */
export type L1Test = ConformanceTest<L1TestContext, undefined>;

/** Every test of `l1StoreSuite`, in the order they run. */
export const l1StoreTests: readonly L1Test[] = [
  {
    id: 'l1.name.non-empty',
    name: 'has a non-empty name',
    async run({ expect, store }) {
      expect(store.name).toBeTypeOf('string');
      expect(store.name.length).toBeGreaterThan(0);
    },
  },
  {
    id: 'l1.get.missing',
    name: 'get returns undefined for a missing key',
    async run({ expect, store }) {
      expect(store.get('missing')).toBeUndefined();
      expect(store.getWithTtl('missing')).toBeUndefined();
    },
  },
  {
    id: 'l1.set.round-trip',
    name: 'set then get returns the value',
    async run({ expect, store }) {
      store.set('user:1', { name: 'Ada' }, 60_000);
      expect(store.get('user:1')).toEqual({ name: 'Ada' });
    },
  },
  {
    id: 'l1.value.null',
    name: 'stores null and returns null, not undefined',
    async run({ expect, store }) {
      store.set('nothing', null, 60_000);
      expect(store.get('nothing')).toBeNull();
      expect(store.getWithTtl('nothing')?.value).toBeNull();
    },
  },
  {
    id: 'l1.value.falsy',
    name: 'stores falsy values (0, false, empty string)',
    async run({ expect, store }) {
      store.set('zero', 0, 60_000);
      store.set('false', false, 60_000);
      store.set('empty', '', 60_000);
      expect(store.get('zero')).toBe(0);
      expect(store.get('false')).toBe(false);
      expect(store.get('empty')).toBe('');
    },
  },
  {
    id: 'l1.value.identity',
    name: 'keeps object identity (holds live values)',
    async run({ expect, store }) {
      const value = { nested: { list: [1, 2, 3] } };
      store.set('live', value, 60_000);
      expect(store.get('live')).toBe(value);
      expect(store.getWithTtl('live')?.value).toBe(value);
    },
  },
  {
    id: 'l1.set.overwrite',
    name: 'set overwrites an existing value',
    async run({ expect, store }) {
      store.set('k', 'first', 60_000);
      store.set('k', 'second', 60_000);
      expect(store.get('k')).toBe('second');
      expect(store.size).toBe(1);
    },
  },
  {
    id: 'l1.delete.result',
    name: 'delete returns true when it removed something, false otherwise',
    async run({ expect, store }) {
      store.set('k', 1, 60_000);
      expect(store.delete('k')).toBe(true);
      expect(store.get('k')).toBeUndefined();
      expect(store.delete('k')).toBe(false);
      expect(store.delete('never')).toBe(false);
    },
  },
  {
    id: 'l1.size.counts',
    name: 'size counts entries',
    async run({ expect, store }) {
      expect(store.size).toBe(0);
      store.set('a', 1, 60_000);
      store.set('b', 2, 60_000);
      expect(store.size).toBe(2);
      store.delete('a');
      expect(store.size).toBe(1);
    },
  },
  {
    id: 'l1.clear.all',
    name: 'clear removes everything',
    async run({ expect, store }) {
      for (let i = 0; i < 10; i++) store.set(`k${i}`, i, 60_000);
      store.clear();
      expect(store.size).toBe(0);
      expect(store.get('k0')).toBeUndefined();
      store.set('after', 'usable', 60_000);
      expect(store.get('after')).toBe('usable');
    },
  },
  {
    id: 'l1.ttl.remaining',
    name: 'getWithTtl returns the value and a remaining TTL within the TTL set',
    async run({ expect, store }) {
      store.set('k', 'v', 60_000);
      const entry = store.getWithTtl('k');
      expect(entry?.value).toBe('v');
      expect(entry?.ttlMs).toBeGreaterThan(30_000);
      expect(entry?.ttlMs).toBeLessThanOrEqual(60_000);
    },
  },
  {
    id: 'l1.ttl.expires',
    name: 'a value expires after its TTL',
    async run({ expect, store }) {
      store.set('short', 'soon gone', 50);
      store.set('long', 'stays', 60_000);
      await waitFor(() => store.get('short') === undefined, 'a key set with a 50 ms TTL to expire');
      expect(store.getWithTtl('short')).toBeUndefined();
      expect(store.get('long')).toBe('stays');
    },
  },
  {
    id: 'l1.ttl.overwrite-extends',
    name: 'an overwrite with a longer TTL outlives the first TTL',
    async run({ expect, store }) {
      store.set('k', 'first', 50);
      store.set('k', 'second', 60_000);
      store.set('probe', 'p', 50);
      await waitFor(() => store.get('probe') === undefined, 'the 50 ms probe key to expire');
      expect(store.get('k')).toBe('second');
    },
  },
  {
    id: 'l1.capacity.hundred',
    name: 'holds 100 values (under any sensible capacity)',
    async run({ expect, store }) {
      const values = Array.from({ length: 100 }, (_, i) => ({ i }));
      for (const value of values) store.set(`item:${value.i}`, value, 60_000);
      const missing = values.filter((value) => store.get(`item:${value.i}`) !== value);
      expect(missing).toEqual([]);
      expect(store.size).toBe(100);
    },
  },
  {
    id: 'l1.pattern.star',
    name: 'deleteMatching removes keys matching * and returns the count',
    async run({ expect, store }) {
      for (const key of ['user:1', 'user:2', 'user:1:profile', 'users', 'order:1'])
        store.set(key, key, 60_000);
      expect(store.deleteMatching('user:*')).toBe(3);
      expect(store.get('user:1')).toBeUndefined();
      expect(store.get('users')).toBe('users');
      expect(store.get('order:1')).toBe('order:1');
      expect(store.deleteMatching('none:*')).toBe(0);
    },
  },
  {
    id: 'l1.pattern.classes-and-escapes',
    name: 'deleteMatching supports ?, [ab] and escapes',
    async run({ expect, store }) {
      const keys = ['k1', 'k10', 'ka', 'kb', 'kc', 'a*', 'ab', 'x.y', 'xzy'];
      for (const key of keys) store.set(key, key, 60_000);
      expect(store.deleteMatching('k[ab]')).toBe(2);
      expect(store.deleteMatching('k?')).toBe(2);
      expect(store.deleteMatching('a\\*')).toBe(1);
      expect(store.deleteMatching('x.y')).toBe(1);
      const left = keys.filter((key) => store.get(key) !== undefined);
      expect(left).toEqual(['k10', 'ab', 'xzy']);
    },
  },
  {
    id: 'l1.key.unicode',
    name: 'unicode and unusual keys are distinct',
    async run({ expect, store }) {
      const keys = ['🔑', '键', '\u00e9', 'e\u0301', 'a b', 'a:b', 'a*', '[ab]', '__proto__'];
      for (const [i, key] of keys.entries()) store.set(key, i, 60_000);
      expect(keys.map((key) => store.get(key))).toEqual(keys.map((_, i) => i));
      expect(store.size).toBe(keys.length);
    },
  },
];
