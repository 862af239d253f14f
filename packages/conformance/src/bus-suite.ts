import type { Bus } from '@multi-tier-cache/core';
import type { BusTestContext } from './bus-context.js';
import { busTests } from './bus-tests.js';
import { assertKnownSkips, registerTests, type SkipList } from './conformance-test.js';
import { runThenCleanUp } from './run-then-clean-up.js';
import type { VitestLike } from './vitest-like.js';

/**
 * Options of {@link busSuite}.
 *
 * @example
 * ```ts
 * const hub = memoryBusHub();
 * const options: BusSuiteOptions = {
 *   name: 'memory',
 *   createBuses: async (count) => Array.from({ length: count }, () => hub.connect()),
 * };
 * ```
 */
export interface BusSuiteOptions {
  /** Shown as the describe block: `Bus conformance: <name>`. */
  readonly name: string;
  /**
   * `count` buses that reach each other (one per simulated instance), on a channel no other test
   * uses. Resolve only when every bus is subscribed: the suite publishes right away. Called once
   * per test; every bus is closed afterwards.
   */
  readonly createBuses: (count: number) => Promise<Bus[]>;
  /**
   * Drops and restores `bus`'s connection, resolving once it is dropped (or restored). Without
   * it the reconnect tests are skipped.
   */
  readonly reconnect?: (bus: Bus) => Promise<void>;
  /** Tests that do not apply, by id (such as `bus.order.per-publisher`), each with the reason. An unknown id throws. */
  readonly skip?: SkipList;
}

/**
 * Registers the bus conformance tests: delivery to every other instance and never back to the
 * sender, each operation type intact, unsubscribe, 500 messages in order per publisher, close,
 * and (given `reconnect`) the reconnect notification.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { busSuite } from '@multi-tier-cache/conformance';
 * busSuite(vitest, { name: 'my bus', createBuses: (count) => connectMyBuses(count) });
 * ```
 */
export function busSuite(vitest: VitestLike, options: BusSuiteOptions): void {
  assertKnownSkips(`busSuite(${options.name})`, busTests, options.skip);

  async function execute(run: (context: BusTestContext) => Promise<void>): Promise<void> {
    const created: Bus[] = [];
    const context: BusTestContext = {
      expect: vitest.expect,
      reconnect: options.reconnect,
      async buses(count) {
        const buses = await options.createBuses(count);
        if (buses.length !== count) {
          throw new Error(`createBuses(${count}) returned ${buses.length} buses`);
        }
        created.push(...buses);
        return buses;
      },
    };
    await runThenCleanUp(
      () => run(context),
      () => created.map((bus) => bus.close()),
    );
  }

  vitest.describe(`Bus conformance: ${options.name}`, () => {
    const capabilities = { reconnect: options.reconnect !== undefined };
    registerTests(vitest, busTests, options.skip, capabilities, execute);
  });
}
