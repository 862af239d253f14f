import {
  createCache,
  type L2Store,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { uniquePrefix } from './bytes.js';
import {
  assertKnownSkips,
  type ConformanceTest,
  registerTests,
  type SkipList,
} from './conformance-test.js';
import { runThenCleanUp } from './run-then-clean-up.js';
import type { AssertionLike, VitestLike } from './vitest-like.js';
import { waitFor } from './wait-for.js';

/**
 * Options of {@link staleLockSuite}.
 *
 * @example
 * ```ts
 * const options: StaleLockSuiteOptions = {
 *   name: 'my store',
 *   createStore: ({ prefix }) => myStore({ url, prefix }),
 * };
 * ```
 */
export interface StaleLockSuiteOptions {
  /** Shown as the describe block: `Stale values under locks: <name>`. */
  readonly name: string;
  /**
   * A new store on its own connection whose keys live under `prefix`; called once per cache
   * instance of a test (all with the same prefix, so they share the server's data) and once while
   * collecting to read `capabilities`. Every store is closed after its test.
   */
  readonly createStore: (options: { readonly prefix: string }) => L2Store | Promise<L2Store>;
  /**
   * How late the server may end an entry or a lease: memcached counts expiry in whole seconds
   * (1_000). The tests wait this much longer for a fresh time or a lease to run out. @default 0
   */
  readonly expiryResolutionMs?: number;
  /** Tests that do not apply, by id, each with the reason. An unknown id throws. */
  readonly skip?: SkipList;
}

/**
 * What a stale-lock test gets.
 *
 * @example
 * ```ts
 * const run = async ({ staleFleet, expect }: StaleLockTestContext) => {
 *   const caches = await staleFleet(2);
 *   expect(await caches[0]!.getOrCompute('report', () => 'new')).toBe('new');
 * };
 * ```
 */
export interface StaleLockTestContext {
  /**
   * `count` caches (memory L1, the store, `lock: { ttl: '5s' }`, `grace: '1h'`), each on its own
   * store, with `report` cached as `'old'` and stale everywhere (its fresh time ran out).
   */
  staleFleet(count: number): Promise<MultiTierCache[]>;
  /** One more store on the fleet's prefix, for a lease taken by hand. */
  store(): Promise<L2Store>;
  readonly expiryResolutionMs: number;
  readonly expect: (actual: unknown, message?: string) => AssertionLike;
}

/** A test of {@link staleLockSuite}. */
export type StaleLockTest = ConformanceTest<StaleLockTestContext, { replacingLocks: boolean }>;

const sameBytes = (a: Uint8Array, b: Uint8Array | undefined) =>
  b !== undefined && a.length === b.length && a.every((byte, index) => byte === b[index]);
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const withoutReplacingLeases = ({ replacingLocks }: { replacingLocks: boolean }) =>
  replacingLocks ? undefined : 'the store has no replacing leases (capabilities.replacingLocks)';

/** Every test of {@link staleLockSuite}, in the order they run. */
export const staleLockTests: readonly StaleLockTest[] = [
  {
    id: 'locks.stale.one-recomputation',
    name: 'runs one 50 ms recomputation for 4 instances × 25 callers; the others answer stale at once',
    timeout: 15_000,
    ruledOutBy: withoutReplacingLeases,
    async run({ staleFleet, store, expect }) {
      const caches = await staleFleet(4);
      const raw = await store();
      const staleBytes = (await raw.get('report'))?.value;
      let runs = 0;
      let finished = false;
      let staleAnswers = 0;
      let othersAnswered: () => void = () => {};
      const allOthersAnswered = new Promise<void>((resolve) => {
        othersAnswered = resolve;
      });
      // The computation ends only once the 75 callers of the other instances have answered: had
      // they waited for it, it would run into its 5 s bound and the assertions below would fail.
      const compute = async () => {
        runs++;
        await tick(50);
        await Promise.race([allOthersAnswered, tick(5_000)]);
        finished = true;
        return 'new';
      };
      const answers = await Promise.all(
        caches.flatMap((cache, instance) =>
          Array.from({ length: 25 }, () =>
            cache.getOrCompute('report', compute).then((value) => {
              if (value === 'old' && ++staleAnswers === 75) othersAnswered();
              return { instance, value, beforeComputation: !finished };
            }),
          ),
        ),
      );
      expect(runs).toBe(1);
      const holders = new Set(answers.filter((a) => a.value === 'new').map((a) => a.instance));
      expect(holders.size).toBe(1);
      const others = answers.filter((a) => !holders.has(a.instance));
      expect(others.length).toBe(75);
      for (const { value, beforeComputation } of others) {
        expect({ value, beforeComputation }).toEqual({ value: 'old', beforeComputation: true });
      }
      // One stale answer per instance's lookup: its other callers joined that lookup.
      const staleServed = caches.reduce((sum, cache) => sum + cache.stats().staleServed, 0);
      expect(staleServed).toBe(3);
      await waitFor(async () => {
        const bytes = (await raw.get('report'))?.value;
        return bytes !== undefined && !sameBytes(bytes, staleBytes);
      }, 'the new value in the store');
      for (const cache of caches) {
        expect(await cache.getOrCompute('report', () => 'never called')).toBe('new');
      }
      expect(runs).toBe(1);
    },
  },
  {
    id: 'locks.stale.dead-holder',
    name: 'lets the next stale reader take over once a dead holder lease expires',
    timeout: 15_000,
    ruledOutBy: withoutReplacingLeases,
    async run({ staleFleet, store, expiryResolutionMs, expect }) {
      const [cache, other] = await staleFleet(2);
      const raw = await store();
      const staleBytes = (await raw.get('report'))?.value;
      // A holder that died: its lease is never released, only expires.
      const dead = await raw.acquireLock!('report', 300, { replacing: true });
      expect(dead).toBeTypeOf('string');
      let runs = 0;
      const compute = async () => {
        runs++;
        return 'new';
      };
      expect(await cache!.getOrCompute('report', compute)).toBe('old');
      expect(runs).toBe(0);
      await tick(350 + 2 * expiryResolutionMs);
      expect(await cache!.getOrCompute('report', compute)).toBe('new');
      expect(runs).toBe(1);
      // The new value reaches the store behind the answer (written and released in one step).
      await waitFor(async () => {
        const bytes = (await raw.get('report'))?.value;
        return bytes !== undefined && !sameBytes(bytes, staleBytes);
      }, 'the new value in the store');
      expect(await other!.getOrCompute('report', compute)).toBe('new');
      expect(runs).toBe(1);
    },
  },
];

/**
 * Registers the tests of stale values under locks, for a store with replacing leases
 * (`capabilities.replacingLocks`): with several cache instances over the store and `lock` on, a
 * stale graced key is recomputed by one instance while every other caller answers with the stale
 * value at once, and a holder that died hands over once its lease expires.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { staleLockSuite } from '@multi-tier-cache/conformance';
 * staleLockSuite(vitest, { name: 'my store', createStore: ({ prefix }) => myStore({ url, prefix }) });
 * ```
 */
export function staleLockSuite(vitest: VitestLike, options: StaleLockSuiteOptions): void {
  assertKnownSkips(`staleLockSuite(${options.name})`, staleLockTests, options.skip);
  const expiryResolutionMs = options.expiryResolutionMs ?? 0;

  async function execute(run: (context: StaleLockTestContext) => Promise<void>): Promise<void> {
    const prefix = uniquePrefix();
    const caches: MultiTierCache[] = [];
    // Stores opened by hand; a cache closes its own.
    const stores: L2Store[] = [];
    const context: StaleLockTestContext = {
      expect: vitest.expect,
      expiryResolutionMs,
      async store() {
        const created = await options.createStore({ prefix });
        stores.push(created);
        return created;
      },
      async staleFleet(count) {
        for (let index = 0; index < count; index++) {
          const cache = createCache({
            l1: memoryL1Store(),
            l2: [await options.createStore({ prefix })],
            lock: { ttl: '5s' },
            grace: '1h',
          });
          caches.push(cache);
        }
        await caches[0]!.getOrCompute('report', () => 'old', { ttl: 100 });
        await tick(150 + 2 * expiryResolutionMs);
        return caches.slice(-count);
      },
    };
    await runThenCleanUp(
      () => run(context),
      () => [...caches.map((cache) => cache.close()), ...stores.map((created) => created.close())],
    );
  }

  vitest.describe(`Stale values under locks: ${options.name}`, async () => {
    const probe = await options.createStore({ prefix: uniquePrefix() });
    const replacingLocks = probe.capabilities.replacingLocks === true;
    await probe.close();
    registerTests(vitest, staleLockTests, options.skip, { replacingLocks }, execute);
  });
}
