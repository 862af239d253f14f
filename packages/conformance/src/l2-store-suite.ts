import type { L2Store } from '@multi-tier-cache/core';
import { uniquePrefix } from './bytes.js';
import { assertKnownSkips, registerTests, type SkipList } from './conformance-test.js';
import { l2BasicTests } from './l2-basic-tests.js';
import { l2BatchTests } from './l2-batch-tests.js';
import type { L2Test, L2TestContext } from './l2-context.js';
import { l2ContractTests } from './l2-contract-tests.js';
import { l2FenceTests } from './l2-fence-tests.js';
import { l2LockTests } from './l2-lock-tests.js';
import { l2PatternTests } from './l2-pattern-tests.js';
import { l2ValueTests } from './l2-value-tests.js';
import { runThenCleanUp } from './run-then-clean-up.js';
import type { VitestLike } from './vitest-like.js';

/**
 * Options of {@link l2StoreSuite}.
 *
 * @example
 * ```ts
 * const options: L2StoreSuiteOptions = {
 *   name: 'my store',
 *   createStore: ({ prefix }) => myStore({ prefix }),
 *   skip: { 'l2.value.one-mib': 'the backend caps values at 512 KiB' },
 * };
 * ```
 */
export interface L2StoreSuiteOptions {
  /** Shown as the describe block: `L2Store conformance: <name>`. */
  readonly name: string;
  /**
   * A new store whose keys all live under `prefix` (each test passes a fresh one such as
   * `conf:k3x9…:`, so suites can share one server). Called once per test (twice for the tests that
   * compare two prefixes) and once while collecting to read `capabilities`; every store is closed
   * afterwards.
   */
  readonly createStore: (options: { readonly prefix: string }) => L2Store | Promise<L2Store>;
  /**
   * Tests that do not apply, by id (such as `l2.value.one-mib`), each with the reason. An unknown id throws.
   * Tests ruled out by `capabilities` are skipped without being listed.
   */
  readonly skip?: SkipList;
}

/** Every test of {@link l2StoreSuite}, in the order they run. */
export const l2StoreTests: readonly L2Test[] = [
  ...l2BasicTests,
  ...l2BatchTests,
  ...l2PatternTests,
  ...l2ValueTests,
  ...l2ContractTests,
  ...l2LockTests,
  ...l2FenceTests,
];

/**
 * Registers the L2 store conformance tests: get/set/delete, expiry and remaining TTL, batches,
 * glob deletion, prefix-confined clear, binary, large and unicode values and keys, concurrency,
 * ping and close, and the contract on prefixes (an empty one is refused) and TTLs (0, negative,
 * NaN and Infinity reject with `invalid-ttl` writing nothing; fractions round up; long TTLs are
 * kept), and the lock and conditional-write capabilities when a store declares them.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { l2StoreSuite } from '@multi-tier-cache/conformance';
 * l2StoreSuite(vitest, { name: 'my store', createStore: ({ prefix }) => myStore({ prefix }) });
 * ```
 */
export function l2StoreSuite(vitest: VitestLike, options: L2StoreSuiteOptions): void {
  assertKnownSkips(`l2StoreSuite(${options.name})`, l2StoreTests, options.skip);

  async function execute(run: (context: L2TestContext) => Promise<void>): Promise<void> {
    const opened: L2Store[] = [];
    const context: L2TestContext = {
      expect: vitest.expect,
      async open(prefix = uniquePrefix()) {
        const store = await options.createStore({ prefix });
        opened.push(store);
        return store;
      },
      openUnmanaged: async () => options.createStore({ prefix: uniquePrefix() }),
      create: async (prefix) => options.createStore({ prefix }),
    };
    await runThenCleanUp(
      () => run(context),
      () => opened.map((store) => store.clear().finally(() => store.close())),
    );
  }

  vitest.describe(`L2Store conformance: ${options.name}`, async () => {
    let probe: L2Store;
    try {
      probe = await options.createStore({ prefix: uniquePrefix() });
    } catch (cause) {
      throw new Error(
        `l2StoreSuite(${options.name}): createStore failed while reading the store's capabilities: ${String(cause)}`,
        { cause },
      );
    }
    const capabilities = { ...probe.capabilities, maxValueBytes: probe.maxValueBytes };
    await probe.close();
    registerTests(vitest, l2StoreTests, options.skip, capabilities, execute);
  });
}
