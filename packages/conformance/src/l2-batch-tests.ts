import { sameBytes, utf8 } from './bytes.js';
import { EXPIRY_TIMEOUT_MS, type L2Test } from './l2-context.js';
import { waitFor } from './wait-for.js';

/** getMany, setMany and concurrent writers. */
export const l2BatchTests: readonly L2Test[] = [
  {
    id: 'l2.batch.get-many-order',
    name: 'getMany returns one slot per key in order, undefined for missing keys',
    async run({ expect, open }) {
      const store = await open();
      await store.set('a', utf8('A'), 60_000);
      await store.set('c', utf8('C'), 60_000);
      const entries = await store.getMany(['c', 'missing', 'a', 'b']);
      expect(entries.length).toBe(4);
      expect(sameBytes(entries[0]?.value, utf8('C'))).toBe(true);
      expect(entries[1]).toBeUndefined();
      expect(sameBytes(entries[2]?.value, utf8('A'))).toBe(true);
      expect(entries[3]).toBeUndefined();
    },
  },
  {
    id: 'l2.batch.get-many-duplicates',
    name: 'getMany fills every slot of a duplicated key',
    async run({ expect, open }) {
      const store = await open();
      await store.set('a', utf8('A'), 60_000);
      const entries = await store.getMany(['a', 'x', 'a', 'a']);
      expect(entries.length).toBe(4);
      for (const index of [0, 2, 3]) expect(sameBytes(entries[index]?.value, utf8('A'))).toBe(true);
      expect(entries[1]).toBeUndefined();
    },
  },
  {
    id: 'l2.batch.get-many-hundred',
    name: 'getMany reads 100 keys',
    async run({ expect, open }) {
      const store = await open();
      const keys = Array.from({ length: 100 }, (_, i) => `many:${i}`);
      await store.setMany(keys.map((key) => ({ key, value: utf8(key), ttlMs: 60_000 })));
      const entries = await store.getMany(keys);
      expect(entries.length).toBe(100);
      const wrong = keys.filter((key, i) => !sameBytes(entries[i]?.value, utf8(key)));
      expect(wrong).toEqual([]);
    },
  },
  {
    id: 'l2.batch.set-many-ttls',
    name: 'setMany writes each entry with its own TTL',
    timeout: EXPIRY_TIMEOUT_MS + 5000,
    async run({ expect, open }) {
      const store = await open();
      await store.setMany([
        { key: 'short', value: utf8('s'), ttlMs: 1100 },
        { key: 'long', value: utf8('l'), ttlMs: 60_000 },
      ]);
      expect(sameBytes((await store.get('short'))?.value, utf8('s'))).toBe(true);
      await waitFor(
        async () => (await store.get('short')) === undefined,
        'the entry written with a 1100 ms TTL to disappear',
        EXPIRY_TIMEOUT_MS,
        100,
      );
      const long = await store.get('long');
      expect(sameBytes(long?.value, utf8('l'))).toBe(true);
      if (store.capabilities.remainingTtl) expect(long?.ttlMs).toBeGreaterThan(30_000);
    },
  },
  {
    id: 'l2.concurrency.same-key',
    name: 'concurrent writers to one key leave one of the written values',
    async run({ expect, open }) {
      const store = await open();
      const values = Array.from({ length: 200 }, (_, i) => `v${i}`);
      await Promise.all(values.map((value) => store.set('contended', utf8(value), 60_000)));
      const final = (await store.get('contended'))?.value;
      expect(final).not.toBeUndefined();
      expect(values).toContain(new TextDecoder().decode(final));
    },
  },
  {
    id: 'l2.concurrency.different-keys',
    name: 'concurrent writers to different keys all land',
    async run({ expect, open }) {
      const store = await open();
      const keys = Array.from({ length: 200 }, (_, i) => `parallel:${i}`);
      await Promise.all(keys.map((key) => store.set(key, utf8(key), 60_000)));
      const entries = await store.getMany(keys);
      const wrong = keys.filter((key, i) => !sameBytes(entries[i]?.value, utf8(key)));
      expect(wrong).toEqual([]);
    },
  },
];
