import type { L1Store } from '@multi-tier-cache/core';
import { assertKnownSkips, registerTests, type SkipList } from './conformance-test.js';
import { type L1TestContext, l1StoreTests } from './l1-tests.js';
import type { VitestLike } from './vitest-like.js';

/**
 * Options of {@link l1StoreSuite}.
 *
 * @example
 * ```ts
 * const options: L1StoreSuiteOptions = { name: 'lru', createStore: () => lruStore() };
 * ```
 */
export interface L1StoreSuiteOptions {
  /** Shown as the describe block: `L1Store conformance: <name>`. */
  readonly name: string;
  /** A new, empty store; called once per test. Its capacity must allow at least 100 entries. */
  readonly createStore: () => L1Store | Promise<L1Store>;
  /** Tests that do not apply, by id (such as `l1.size.counts`), each with the reason. An unknown id throws. */
  readonly skip?: SkipList;
}

/**
 * Registers the L1 store conformance tests: get/set/delete/clear/size, null and falsy values,
 * object identity, getWithTtl, expiry, glob deletion and unusual keys. Eviction order is not
 * tested (capacity is store-specific).
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { l1StoreSuite } from '@multi-tier-cache/conformance';
 * l1StoreSuite(vitest, { name: 'my L1', createStore: () => myL1() });
 * ```
 */
export function l1StoreSuite(vitest: VitestLike, options: L1StoreSuiteOptions): void {
  assertKnownSkips(`l1StoreSuite(${options.name})`, l1StoreTests, options.skip);

  async function execute(run: (context: L1TestContext) => Promise<void>): Promise<void> {
    const store = await options.createStore();
    try {
      await run({ expect: vitest.expect, store });
    } finally {
      store.clear();
    }
  }

  vitest.describe(`L1Store conformance: ${options.name}`, () => {
    registerTests(vitest, l1StoreTests, options.skip, undefined, execute);
  });
}
