import type { L2Capabilities } from '@multi-tier-cache/core';
import { sameBytes, utf8 } from './bytes.js';
import { EXPIRY_TIMEOUT_MS, type L2Test } from './l2-context.js';
import { waitFor } from './wait-for.js';

const needsConditionalWrite = (capabilities: L2Capabilities) =>
  capabilities.conditionalWrite ? undefined : 'capabilities.conditionalWrite is not set';

const needsLocksAndConditionalWrite = (capabilities: L2Capabilities) =>
  needsConditionalWrite(capabilities) ??
  (capabilities.locks ? undefined : 'capabilities.locks is not set');

/** Well clear of any clock step between the test and the server: these tests order by seconds. */
const EARLIER = 5_000;

/** The conditional-write capability: fenced writes and tombstones (run only when declared). */
export const l2FenceTests: readonly L2Test[] = [
  {
    id: 'l2.fence.writes-absent-or-older',
    name: 'setIfNotNewer writes an absent key and over a value written before the computation',
    ruledOutBy: needsConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      expect(await store.setIfNotNewer!('k', utf8('first'), 60_000, Date.now())).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('first'))).toBe(true);
      const later = Date.now() + EARLIER;
      expect(await store.setIfNotNewer!('k', utf8('second'), 60_000, later)).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('second'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.refuses-newer-value',
    name: 'setIfNotNewer leaves a value written after the computation started',
    ruledOutBy: needsConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      const startedAt = Date.now() - EARLIER;
      await store.set('k', utf8('v179'), 60_000);
      expect(await store.setIfNotNewer!('k', utf8('v178'), 60_000, startedAt)).toBe(false);
      expect(sameBytes((await store.get('k'))?.value, utf8('v179'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.tombstone-is-a-miss',
    name: 'deleteWithTombstone counts the values it removed, and every read misses the tombstone',
    ruledOutBy: needsConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      await store.set('a', utf8('1'), 60_000);
      expect(await store.deleteWithTombstone!(['a', 'b'], 10_000)).toBe(1);
      expect(await store.get('a')).toBeUndefined();
      expect(await store.getMany(['a', 'b'])).toEqual([undefined, undefined]);
      expect(await store.deleteWithTombstone!(['a'], 10_000)).toBe(0);
    },
  },
  {
    id: 'l2.fence.tombstone-fences',
    name: 'a tombstone refuses computations that started before it, not those after it',
    ruledOutBy: needsConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      const startedAt = Date.now() - EARLIER;
      await store.set('k', utf8('old'), 60_000);
      await store.deleteWithTombstone!(['k'], 30_000);
      expect(await store.setIfNotNewer!('k', utf8('old'), 60_000, startedAt)).toBe(false);
      expect(await store.get('k')).toBeUndefined();
      const after = Date.now() + EARLIER;
      expect(await store.setIfNotNewer!('k', utf8('new'), 60_000, after)).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('new'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.tombstone-expires',
    name: 'a tombstone expires after its TTL, and then fences nothing',
    ruledOutBy: needsConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      const startedAt = Date.now() - EARLIER;
      // 2 s, not 1: a server that counts TTLs in whole seconds (memcached) can end a 1 s TTL at
      // its next clock tick, before the first check below runs.
      await store.deleteWithTombstone!(['k'], 2_000);
      expect(await store.setIfNotNewer!('k', utf8('late'), 60_000, startedAt)).toBe(false);
      await waitFor(
        async () => store.setIfNotNewer!('k', utf8('late'), 60_000, startedAt),
        'the tombstone to expire',
        EXPIRY_TIMEOUT_MS,
        100,
      );
      expect(sameBytes((await store.get('k'))?.value, utf8('late'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.lease-over-tombstone',
    name: 'acquireLock takes the lease on a key that holds only a tombstone',
    ruledOutBy: needsLocksAndConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('old'), 60_000);
      await store.deleteWithTombstone!(['k'], 30_000);
      const token = await store.acquireLock!('k', 10_000);
      expect(token).toBeTypeOf('string');
      expect(await store.setIfLockHeld!('k', token!, utf8('fresh'), 60_000)).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('fresh'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.lease-write-fences',
    name: 'a value written under a lease fences computations that started before it',
    ruledOutBy: needsLocksAndConditionalWrite,
    async run({ expect, open }) {
      const store = await open();
      const startedAt = Date.now() - EARLIER;
      const token = await store.acquireLock!('k', 10_000);
      expect(await store.setIfLockHeld!('k', token!, utf8('leased'), 60_000)).toBe(true);
      expect(await store.setIfNotNewer!('k', utf8('older'), 60_000, startedAt)).toBe(false);
      expect(sameBytes((await store.get('k'))?.value, utf8('leased'))).toBe(true);
    },
  },
  {
    id: 'l2.fence.pattern-delete-fences',
    name: 'deleteMatching counts the values it removed and refuses computations that started before it',
    ruledOutBy: (capabilities) =>
      needsConditionalWrite(capabilities) ??
      (capabilities.deleteMatching ? undefined : 'capabilities.deleteMatching is not set'),
    async run({ expect, open }) {
      const store = await open();
      const startedAt = Date.now() - EARLIER;
      await store.set('p:a', utf8('old'), 60_000);
      await store.set('q:a', utf8('kept'), 60_000);
      expect(await store.deleteMatching!('p:*')).toBe(1);
      expect(await store.get('p:a')).toBeUndefined();
      expect(await store.setIfNotNewer!('p:a', utf8('old'), 60_000, startedAt)).toBe(false);
      expect(await store.get('p:a')).toBeUndefined();
      expect(await store.deleteMatching!('p:*')).toBe(0);
      expect(sameBytes((await store.get('q:a'))?.value, utf8('kept'))).toBe(true);
      const after = Date.now() + EARLIER;
      expect(await store.setIfNotNewer!('p:a', utf8('new'), 60_000, after)).toBe(true);
      expect(sameBytes((await store.get('p:a'))?.value, utf8('new'))).toBe(true);
    },
  },
];
