import type { L2Capabilities } from '@multi-tier-cache/core';
import { sameBytes, uniquePrefix, utf8 } from './bytes.js';
import { EXPIRY_TIMEOUT_MS, type L2Test } from './l2-context.js';
import { waitFor } from './wait-for.js';

const needsLocks = (capabilities: L2Capabilities) =>
  capabilities.locks ? undefined : 'capabilities.locks is not set';

const needsReplacingLocks = (capabilities: L2Capabilities) =>
  capabilities.locks && capabilities.replacingLocks
    ? undefined
    : 'capabilities.replacingLocks is not set';

/** The lock capability: exclusive leases, fenced writes, expiry (run only when declared). */
export const l2LockTests: readonly L2Test[] = [
  {
    id: 'l2.lock.exclusive',
    name: 'acquireLock gives one holder a token; only that token releases it',
    ruledOutBy: needsLocks,
    async run({ expect, open }) {
      const prefix = uniquePrefix();
      const one = await open(prefix);
      const other = await open(prefix);
      const token = await one.acquireLock!('k', 10_000);
      expect(token).toBeTypeOf('string');
      expect(await other.acquireLock!('k', 10_000)).toBeUndefined();
      expect(await other.releaseLock!('k', 'not-the-token')).toBe(false);
      expect(await other.acquireLock!('k', 10_000)).toBeUndefined();
      expect(await one.releaseLock!('k', token!)).toBe(true);
      const next = await other.acquireLock!('k', 10_000);
      expect(next).toBeTypeOf('string');
      expect(next).not.toBe(token);
    },
  },
  {
    id: 'l2.lock.not-when-present',
    name: 'acquireLock refuses a key that already has a value',
    ruledOutBy: needsLocks,
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('v'), 60_000);
      expect(await store.acquireLock!('k', 10_000)).toBeUndefined();
    },
  },
  {
    id: 'l2.lock.fenced-write',
    name: 'setIfLockHeld writes and releases only while the token holds the lease',
    ruledOutBy: needsLocks,
    async run({ expect, open }) {
      const store = await open();
      const token = await store.acquireLock!('k', 10_000);
      expect(await store.setIfLockHeld!('k', 'not-the-token', utf8('stale'), 60_000)).toBe(false);
      expect(await store.get('k')).toBeUndefined();
      expect(await store.setIfLockHeld!('k', token!, utf8('fresh'), 60_000)).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('fresh'))).toBe(true);
      expect(await store.setIfLockHeld!('k', token!, utf8('again'), 60_000)).toBe(false);
      await store.delete(['k']);
      expect(await store.acquireLock!('k', 10_000)).toBeTypeOf('string');
    },
  },
  {
    id: 'l2.lock.expires',
    name: 'a lease expires by itself, and its holder can then write nothing',
    ruledOutBy: needsLocks,
    async run({ expect, open }) {
      const store = await open();
      const dead = await store.acquireLock!('k', 1_000);
      expect(dead).toBeTypeOf('string');
      let next: string | undefined;
      await waitFor(
        async () => {
          next = await store.acquireLock!('k', 10_000);
          return next !== undefined;
        },
        'the lease to expire',
        EXPIRY_TIMEOUT_MS,
        50,
      );
      expect(await store.setIfLockHeld!('k', dead!, utf8('late'), 60_000)).toBe(false);
      expect(await store.get('k')).toBeUndefined();
      expect(await store.setIfLockHeld!('k', next!, utf8('newer'), 60_000)).toBe(true);
    },
  },
  {
    id: 'l2.lock.replacing-granted',
    name: 'a replacing lease is granted while the key holds a value, and keeps the value until the write',
    ruledOutBy: needsReplacingLocks,
    async run({ expect, open }) {
      const prefix = uniquePrefix();
      const one = await open(prefix);
      const other = await open(prefix);
      await one.set('k', utf8('stale'), 60_000);
      expect(await other.acquireLock!('k', 10_000)).toBeUndefined();
      const token = await one.acquireLock!('k', 10_000, { replacing: true });
      expect(token).toBeTypeOf('string');
      expect(sameBytes((await other.get('k'))?.value, utf8('stale'))).toBe(true);
      expect(await one.setIfLockHeld!('k', token!, utf8('fresh'), 60_000)).toBe(true);
      expect(sameBytes((await other.get('k'))?.value, utf8('fresh'))).toBe(true);
    },
  },
  {
    id: 'l2.lock.replacing-exclusive',
    name: 'a replacing lease is refused while another lease holds the key',
    ruledOutBy: needsReplacingLocks,
    async run({ expect, open }) {
      const prefix = uniquePrefix();
      const one = await open(prefix);
      const other = await open(prefix);
      await one.set('k', utf8('stale'), 60_000);
      const token = await one.acquireLock!('k', 10_000, { replacing: true });
      expect(token).toBeTypeOf('string');
      expect(await other.acquireLock!('k', 10_000, { replacing: true })).toBeUndefined();
      expect(await one.releaseLock!('k', token!)).toBe(true);
      const next = await other.acquireLock!('k', 10_000, { replacing: true });
      expect(next).toBeTypeOf('string');
      expect(next).not.toBe(token);
      // A miss lease is refused too: the key still holds its value.
      await other.releaseLock!('k', next!);
      expect(await one.acquireLock!('k', 10_000)).toBeUndefined();
    },
  },
  {
    id: 'l2.lock.replacing-fenced',
    name: 'setIfLockHeld fences a replacing lease: a wrong or expired token writes nothing',
    ruledOutBy: needsReplacingLocks,
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('stale'), 60_000);
      const dead = await store.acquireLock!('k', 1_000, { replacing: true });
      expect(dead).toBeTypeOf('string');
      expect(await store.setIfLockHeld!('k', 'not-the-token', utf8('wrong'), 60_000)).toBe(false);
      let next: string | undefined;
      await waitFor(
        async () => {
          next = await store.acquireLock!('k', 10_000, { replacing: true });
          return next !== undefined;
        },
        'the lease to expire',
        EXPIRY_TIMEOUT_MS,
        50,
      );
      expect(await store.setIfLockHeld!('k', dead!, utf8('late'), 60_000)).toBe(false);
      expect(sameBytes((await store.get('k'))?.value, utf8('stale'))).toBe(true);
      expect(await store.setIfLockHeld!('k', next!, utf8('newer'), 60_000)).toBe(true);
      expect(sameBytes((await store.get('k'))?.value, utf8('newer'))).toBe(true);
    },
  },
];
