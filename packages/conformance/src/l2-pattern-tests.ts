import type { L2Capabilities, L2Store } from '@multi-tier-cache/core';
import { uniquePrefix, utf8 } from './bytes.js';
import type { L2Test } from './l2-context.js';

const needsDeleteMatching = (capabilities: L2Capabilities) =>
  capabilities.deleteMatching ? undefined : 'capabilities.deleteMatching is false';

async function seed(store: L2Store, keys: readonly string[]): Promise<void> {
  await store.setMany(keys.map((key) => ({ key, value: utf8(key), ttlMs: 60_000 })));
}

async function present(store: L2Store, keys: readonly string[]): Promise<string[]> {
  const entries = await store.getMany(keys);
  return keys.filter((_, i) => entries[i] !== undefined);
}

/** deleteMatching with Redis glob semantics, and clear() confined to the prefix. */
export const l2PatternTests: readonly L2Test[] = [
  {
    id: 'l2.pattern.star',
    name: 'deleteMatching removes keys matching * and resolves to the count',
    ruledOutBy: needsDeleteMatching,
    async run({ expect, open }) {
      const store = await open();
      const keys = ['user:1', 'user:2', 'user:1:profile', 'users', 'order:1', 'xuser:1'];
      await seed(store, keys);
      expect(await store.deleteMatching!('user:*')).toBe(3);
      expect(await present(store, keys)).toEqual(['users', 'order:1', 'xuser:1']);
      expect(await store.deleteMatching!('nothing:*')).toBe(0);
    },
  },
  {
    id: 'l2.pattern.classes',
    name: 'deleteMatching supports ? and [ab] classes',
    ruledOutBy: needsDeleteMatching,
    async run({ expect, open }) {
      const store = await open();
      const keys = ['k1', 'k2', 'k10', 'ka', 'kb', 'kc', 'k'];
      await seed(store, keys);
      expect(await store.deleteMatching!('k?')).toBe(5);
      expect(await present(store, keys)).toEqual(['k10', 'k']);
      await seed(store, keys);
      expect(await store.deleteMatching!('k[ab]')).toBe(2);
      expect(await present(store, keys)).toEqual(['k1', 'k2', 'k10', 'kc', 'k']);
    },
  },
  {
    id: 'l2.pattern.escapes',
    name: 'deleteMatching treats backslash-escaped metacharacters literally',
    ruledOutBy: needsDeleteMatching,
    async run({ expect, open }) {
      const store = await open();
      const keys = ['a*', 'ab', 'a?', 'a[b]'];
      await seed(store, keys);
      expect(await store.deleteMatching!('a\\*')).toBe(1);
      expect(await present(store, keys)).toEqual(['ab', 'a?', 'a[b]']);
      expect(await store.deleteMatching!('a\\[b\\]')).toBe(1);
      expect(await present(store, keys)).toEqual(['ab', 'a?']);
    },
  },
  {
    id: 'l2.pattern.other-prefixes',
    name: 'deleteMatching leaves keys under other prefixes',
    ruledOutBy: needsDeleteMatching,
    async run({ expect, open }) {
      const mine = await open();
      const other = await open();
      await seed(mine, ['user:1', 'user:2']);
      await seed(other, ['user:1', 'user:2']);
      expect(await mine.deleteMatching!('*')).toBe(2);
      expect(await present(mine, ['user:1', 'user:2'])).toEqual([]);
      expect(await present(other, ['user:1', 'user:2'])).toEqual(['user:1', 'user:2']);
    },
  },
  {
    id: 'l2.clear.own-prefix',
    name: 'clear removes only keys under its own prefix',
    async run({ expect, open }) {
      const base = uniquePrefix();
      const mine = await open(`${base}a:`);
      const other = await open(`${base}b:`);
      const keys = Array.from({ length: 30 }, (_, i) => `key:${i}`);
      await seed(mine, keys);
      await seed(other, keys);
      await mine.clear();
      expect(await present(mine, keys)).toEqual([]);
      expect(await present(other, keys)).toEqual(keys);
      await mine.set('after', utf8('usable'), 60_000);
      expect(await present(mine, ['after'])).toEqual(['after']);
    },
  },
];
