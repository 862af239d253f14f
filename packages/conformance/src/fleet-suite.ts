import { uniquePrefix } from './bytes.js';
import {
  assertKnownSkips,
  type ConformanceTest,
  registerTests,
  type SkipList,
} from './conformance-test.js';
import {
  type FleetInstance,
  type FleetInstanceOptions,
  type FleetStore,
  startFleetInstance,
} from './fleet-process.js';
import type { AssertionLike, VitestLike } from './vitest-like.js';

/**
 * Options of {@link fleetSuite}.
 *
 * @example
 * ```ts
 * const options: FleetSuiteOptions = {
 *   name: 'acme store',
 *   store: (prefix) => ({
 *     module: import.meta.resolve('@acme/cache-store'),
 *     export: 'acmeStore',
 *     options: { url: 'redis://127.0.0.1:6379', prefix },
 *   }),
 * };
 * ```
 */
export interface FleetSuiteOptions {
  /** Shown as the describe block: `Fleet single flight: <name>`. */
  readonly name: string;
  /** The store every process of one test opens; `prefix` is fresh per test. */
  readonly store: (prefix: string) => FleetStore;
  /** Node arguments of the child processes, such as a TypeScript loader. @default [] */
  readonly execArgv?: readonly string[];
  /** Cold keys the stampede test goes through, one after the other. @default 20 */
  readonly runs?: number;
  /**
   * How late the store's server may end a lease, on top of its TTL: memcached counts expiry in
   * whole seconds (1_000). Added to the hand-over bound of the killed-holder test. @default 0
   */
  readonly expiryResolutionMs?: number;
  /** Tests that do not apply, by id, each with the reason. An unknown id throws. */
  readonly skip?: SkipList;
}

/**
 * What a fleet test gets: processes to start (stopped after the test) and `expect`.
 *
 * @example
 * ```ts
 * const run = async ({ start, expect }: FleetTestContext) => {
 *   const [instance] = await start(1, { ttl: 1_000, wait: 1_000 });
 *   expect((await instance!.run('k', 1, 0)).computations).toBe(1);
 * };
 * ```
 */
export interface FleetTestContext {
  start(count: number, lock: FleetInstanceOptions['lock']): Promise<FleetInstance[]>;
  readonly runs: number;
  readonly expiryResolutionMs: number;
  readonly expect: (actual: unknown, message?: string) => AssertionLike;
}

/** A test of {@link fleetSuite}. */
export type FleetTest = ConformanceTest<FleetTestContext>;

/** Every test of {@link fleetSuite}, in the order they run. */
export const fleetTests: readonly FleetTest[] = [
  {
    id: 'fleet.single-flight.cold-key',
    name: 'runs exactly one 20 ms computation for 8 processes × 125 callers on a cold key, run after run',
    timeout: 120_000,
    async run({ start, runs, expect }) {
      const processes = await start(8, { ttl: 5_000, wait: 5_000 });
      for (let run = 0; run < runs; run++) {
        const results = await Promise.all(
          processes.map((instance) => instance.run(`cold:${run}`, 125, 20)),
        );
        const computations = results.reduce((sum, result) => sum + result.computations, 0);
        expect({ run, computations }).toEqual({ run, computations: 1 });
        expect(results.reduce((sum, result) => sum + result.rejected, 0)).toBe(0);
        expect(new Set(results.flatMap((result) => result.values)).size).toBe(1);
      }
    },
  },
  {
    id: 'fleet.single-flight.holder-killed',
    name: 'lets another process compute within the lease TTL + 200 ms when the holder is SIGKILLed',
    timeout: 30_000,
    async run({ start, expiryResolutionMs, expect }) {
      const ttl = 1_000;
      const [holder, survivor] = await start(2, { ttl, wait: 10_000 });
      void holder!.run('k', 10, -1);
      await holder!.computing;
      const waiting = survivor!.run('k', 10, 20);
      holder!.kill();
      const killedAt = Date.now();
      const result = await waiting;
      expect(result.rejected).toBe(0);
      expect(result.computations).toBe(1);
      expect(result.values).toEqual([`computed by ${survivor!.pid}`]);
      expect(result.at - killedAt).toBeLessThanOrEqual(ttl + 200 + expiryResolutionMs);
    },
  },
];

/**
 * Registers the fleet conformance tests of a store with the `locks` capability: caches in
 * separate processes sharing one server run one computation per cold key, and a holder killed
 * mid-computation hands over by lease expiry with no caller rejected.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { fleetSuite } from '@multi-tier-cache/conformance';
 * fleetSuite(vitest, {
 *   name: 'acme store',
 *   store: (prefix) => ({
 *     module: import.meta.resolve('@acme/cache-store'),
 *     export: 'acmeStore',
 *     options: { url: process.env.REDIS_URL, prefix },
 *   }),
 * });
 * ```
 */
export function fleetSuite(vitest: VitestLike, options: FleetSuiteOptions): void {
  assertKnownSkips(`fleetSuite(${options.name})`, fleetTests, options.skip);

  async function execute(run: (context: FleetTestContext) => Promise<void>): Promise<void> {
    const prefix = uniquePrefix();
    const started: FleetInstance[] = [];
    const context: FleetTestContext = {
      expect: vitest.expect,
      runs: options.runs ?? 20,
      expiryResolutionMs: options.expiryResolutionMs ?? 0,
      async start(count, lock) {
        const settled = await Promise.allSettled(
          Array.from({ length: count }, () =>
            startFleetInstance({
              store: options.store(prefix),
              lock,
              ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
            }),
          ),
        );
        // Every process that did start is stopped after the test, even when another did not.
        for (const result of settled) if (result.status === 'fulfilled') started.push(result.value);
        const failed = settled.find((result) => result.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        return settled.map((result) => (result as PromiseFulfilledResult<FleetInstance>).value);
      },
    };
    try {
      await run(context);
    } finally {
      for (const instance of started) instance.kill();
    }
  }

  vitest.describe(`Fleet single flight: ${options.name}`, () => {
    registerTests(vitest, fleetTests, options.skip, undefined, execute);
  });
}
