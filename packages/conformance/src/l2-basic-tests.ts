import { sameBytes, utf8 } from './bytes.js';
import { EXPIRY_TIMEOUT_MS, type L2Test } from './l2-context.js';
import { waitFor } from './wait-for.js';

/** get/set/delete, expiry, remaining TTL, ping and close. */
export const l2BasicTests: readonly L2Test[] = [
  {
    id: 'l2.get.missing',
    name: 'get resolves to undefined for a missing key',
    async run({ expect, open }) {
      const store = await open();
      expect(await store.get('missing')).toBeUndefined();
    },
  },
  {
    id: 'l2.set.round-trip',
    name: 'set then get returns the same bytes',
    async run({ expect, open }) {
      const store = await open();
      const value = utf8('{"name":"Ada"}');
      await store.set('user:1', value, 60_000);
      const entry = await store.get('user:1');
      expect(sameBytes(entry?.value, value)).toBe(true);
      if (store.capabilities.remainingTtl) expect(entry?.ttlMs).toBeTypeOf('number');
    },
  },
  {
    id: 'l2.set.overwrite',
    name: 'set overwrites an existing value',
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('first'), 60_000);
      await store.set('k', utf8('second'), 60_000);
      expect(sameBytes((await store.get('k'))?.value, utf8('second'))).toBe(true);
    },
  },
  {
    id: 'l2.delete.count',
    name: 'delete removes the keys and resolves to how many existed',
    async run({ expect, open }) {
      const store = await open();
      await store.set('a', utf8('1'), 60_000);
      await store.set('b', utf8('2'), 60_000);
      await store.set('c', utf8('3'), 60_000);
      expect(await store.delete(['a', 'b', 'missing'])).toBe(2);
      expect(await store.get('a')).toBeUndefined();
      expect(await store.get('b')).toBeUndefined();
      expect(sameBytes((await store.get('c'))?.value, utf8('3'))).toBe(true);
      expect(await store.delete(['a'])).toBe(0);
    },
  },
  {
    id: 'l2.batch.empty',
    name: 'empty batches are no-ops',
    async run({ expect, open }) {
      const store = await open();
      expect(await store.getMany([])).toEqual([]);
      await store.setMany([]);
      expect(await store.delete([])).toBe(0);
    },
  },
  {
    id: 'l2.ttl.expires',
    name: 'a value expires after its TTL',
    timeout: EXPIRY_TIMEOUT_MS + 5000,
    async run({ expect, open }) {
      const store = await open();
      await store.set('short', utf8('soon gone'), 1100);
      await store.set('long', utf8('stays'), 60_000);
      await store.set('renewed', utf8('first'), 1100);
      await store.set('renewed', utf8('second'), 60_000); // a set restarts the TTL
      await waitFor(
        async () => (await store.get('short')) === undefined,
        'a key set with a 1100 ms TTL to disappear',
        EXPIRY_TIMEOUT_MS,
        100,
      );
      expect(sameBytes((await store.get('long'))?.value, utf8('stays'))).toBe(true);
      expect(sameBytes((await store.get('renewed'))?.value, utf8('second'))).toBe(true);
    },
  },
  {
    id: 'l2.ttl.remaining',
    name: 'get reports the remaining TTL in milliseconds',
    ruledOutBy: (capabilities) =>
      capabilities.remainingTtl ? undefined : 'capabilities.remainingTtl is false',
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('v'), 60_000);
      const ttlMs = (await store.get('k'))?.ttlMs;
      expect(ttlMs).toBeTypeOf('number');
      expect(ttlMs).toBeGreaterThan(30_000); // in seconds it would be about 60
      expect(ttlMs).toBeLessThanOrEqual(60_000);
      const [fromMany] = await store.getMany(['k']);
      expect(fromMany?.ttlMs).toBeGreaterThan(30_000);
      expect(fromMany?.ttlMs).toBeLessThanOrEqual(60_000);
    },
  },
  {
    id: 'l2.ping.latency',
    name: 'ping resolves to a latency in milliseconds',
    async run({ expect, open }) {
      const store = await open();
      const latency = await store.ping();
      expect(latency).toBeTypeOf('number');
      expect(latency).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(latency)).toBe(true);
    },
  },
  {
    id: 'l2.close.resolves',
    name: 'close resolves',
    async run({ expect, openUnmanaged }) {
      const store = await openUnmanaged();
      await store.set('k', utf8('v'), 60_000);
      await store.close();
      expect(true).toBe(true);
    },
  },
];
