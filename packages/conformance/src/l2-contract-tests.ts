import type { L2Store, L2WriteEntry } from '@multi-tier-cache/core';
import { utf8 } from './bytes.js';
import type { L2Test, L2TestContext } from './l2-context.js';

const HUNDRED_YEARS_MS = 100 * 365.25 * 24 * 60 * 60 * 1000;

/** The error a call settled with: a rejection, never a synchronous throw. */
async function rejectionOf(
  expect: L2TestContext['expect'],
  call: () => Promise<unknown>,
): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    expect(`threw synchronously: ${String(error)}`).toBe('rejected');
    return error;
  }
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

function expectCode(expect: L2TestContext['expect'], error: unknown, code: string): void {
  expect(error instanceof Error && (error as Error).name).toBe('CacheError');
  expect((error as { code?: unknown } | undefined)?.code).toBe(code);
}

function refusesTtl(id: string, label: string, ttlMs: number): L2Test {
  return {
    id,
    name: `set with a TTL of ${label} rejects with invalid-ttl and writes nothing`,
    async run({ expect, open }) {
      const store = await open();
      const error = await rejectionOf(expect, () => store.set('k', utf8('v'), ttlMs));
      expectCode(expect, error, 'invalid-ttl');
      expect(await store.get('k')).toBeUndefined();
    },
  };
}

/** The contract every L2 store keeps for prefixes and TTLs (see the README). */
export const l2ContractTests: readonly L2Test[] = [
  {
    id: 'l2.prefix.refuses-empty',
    name: 'an empty prefix is refused with a configuration error',
    async run({ expect, create }) {
      let store: L2Store | undefined;
      let error: unknown;
      try {
        store = await create('');
      } catch (caught) {
        error = caught;
      }
      // A store that accepted it is closed without clear(): that would empty the whole database.
      await store?.close();
      expectCode(expect, error, 'configuration');
    },
  },
  refusesTtl('l2.ttl.refuses-zero', '0', 0),
  refusesTtl('l2.ttl.refuses-negative', '-1', -1),
  refusesTtl('l2.ttl.refuses-nan', 'NaN', Number.NaN),
  refusesTtl('l2.ttl.refuses-infinity', 'Infinity', Number.POSITIVE_INFINITY),
  {
    id: 'l2.ttl.set-many-refuses-batch',
    name: 'setMany with one invalid TTL rejects with invalid-ttl and writes none of the batch',
    async run({ expect, open }) {
      const store = await open();
      const entries: L2WriteEntry[] = [
        { key: 'a', value: utf8('1'), ttlMs: 60_000 },
        { key: 'b', value: utf8('2'), ttlMs: 0 },
        { key: 'c', value: utf8('3'), ttlMs: 60_000 },
      ];
      const error = await rejectionOf(expect, () => store.setMany(entries));
      expectCode(expect, error, 'invalid-ttl');
      expect(await store.getMany(['a', 'b', 'c'])).toEqual([undefined, undefined, undefined]);
    },
  },
  {
    id: 'l2.ttl.fraction-rounds-up',
    name: 'a fractional TTL is stored, rounded up to the store granularity',
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('v'), 30_000.4);
      const entry = await store.get('k');
      expect(entry?.value.byteLength).toBe(1);
      if (store.capabilities.remainingTtl) {
        expect(entry?.ttlMs).toBeGreaterThan(20_000);
        // Whole milliseconds give 30,001; stores that keep whole seconds (memcached) give 31,000.
        expect(entry?.ttlMs).toBeLessThanOrEqual(31_000);
      }
    },
  },
  {
    id: 'l2.ttl.long-kept',
    name: 'a TTL of 100 years is kept (clamped if need be), never lost',
    async run({ expect, open }) {
      const store = await open();
      await store.set('k', utf8('v'), HUNDRED_YEARS_MS);
      await store.setMany([{ key: 'm', value: utf8('w'), ttlMs: HUNDRED_YEARS_MS }]);
      const [single, batched] = await store.getMany(['k', 'm']);
      expect(single?.value.byteLength).toBe(1);
      expect(batched?.value.byteLength).toBe(1);
      if (store.capabilities.remainingTtl) {
        expect(single?.ttlMs).toBeGreaterThan(0);
        expect(batched?.ttlMs).toBeGreaterThan(0);
        expect((await store.get('k'))?.ttlMs).toBeGreaterThan(0);
      }
    },
  },
];
