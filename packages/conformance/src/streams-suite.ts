import { uniquePrefix } from './bytes.js';
import { assertKnownSkips, registerTests, type SkipList } from './conformance-test.js';
import { runThenCleanUp } from './run-then-clean-up.js';
import { streamsBlockTests } from './streams-block-tests.js';
import {
  type StreamsBackendLike,
  type StreamsTest,
  type StreamsTestContext,
  streamsCapabilities,
} from './streams-context.js';
import { streamsGroupTests } from './streams-group-tests.js';
import { streamsReadTests } from './streams-read-tests.js';
import type { VitestLike } from './vitest-like.js';

/**
 * Options of {@link streamsSuite}.
 *
 * @example
 * ```ts
 * const options: StreamsSuiteOptions = {
 *   name: 'my streams',
 *   createStreams: () => myStreams(client),
 *   skip: { 'streams.trim.approximate': 'the server trims exactly' },
 * };
 * ```
 */
export interface StreamsSuiteOptions {
  /** Shown as the describe block: `Streams conformance: <name>`. */
  readonly name: string;
  /**
   * A new backend. Called once per test and once while collecting to read its capabilities (which
   * methods it has); each is closed afterwards with its `close()`, if it has one. Tests use streams
   * named `conf:<random>:...`, so suites can share one server.
   */
  readonly createStreams: () => StreamsBackendLike | Promise<StreamsBackendLike>;
  /**
   * Tests that do not apply, by id (such as `'streams.trim.approximate'`), each with the reason.
   * An unknown id throws. Tests ruled out by the backend's capabilities are skipped without being
   * listed.
   */
  readonly skip?: SkipList;
}

/**
 * Every test of {@link streamsSuite}, in the order they run.
 *
 * @example
 * ```ts
 * const skip = { [streamsTests.at(-1)!.id]: 'the backend lists no pending entries' };
 * ```
 */
export const streamsTests: readonly StreamsTest[] = [
  ...streamsReadTests,
  ...streamsBlockTests,
  ...streamsGroupTests,
];

/**
 * Registers the streams backend conformance tests: publish and its ids, fields read back intact,
 * readLatest, read after an id, blocking reads (waking, timing out, `'$'`, not holding up other
 * calls), exact and approximate trimming, rejections, close, and, when the backend has them,
 * consumer groups, ack, pending lists and claiming idle entries.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { streamsSuite } from '@multi-tier-cache/conformance';
 * streamsSuite(vitest, { name: 'ioredisStreams', createStreams: () => ioredisStreams(redis) });
 * ```
 */
export function streamsSuite(vitest: VitestLike, options: StreamsSuiteOptions): void {
  const suite = `streamsSuite(${options.name})`;
  assertKnownSkips(suite, streamsTests, options.skip);

  async function execute(run: (context: StreamsTestContext) => Promise<void>): Promise<void> {
    const streams = await options.createStreams();
    const prefix = uniquePrefix();
    let count = 0;
    const context: StreamsTestContext = {
      expect: vitest.expect,
      streams,
      stream: (name = 'stream') => `${prefix}${name}:${++count}`,
    };
    await runThenCleanUp(
      () => run(context),
      () => [Promise.resolve().then(() => streams.close?.())],
    );
  }

  vitest.describe(`Streams conformance: ${options.name}`, async () => {
    let probe: StreamsBackendLike;
    try {
      probe = await options.createStreams();
    } catch (cause) {
      throw new Error(
        `${suite}: createStreams failed while reading the backend's capabilities: ${String(cause)}`,
        { cause },
      );
    }
    const capabilities = streamsCapabilities(probe);
    await probe.close?.();
    registerTests(vitest, streamsTests, options.skip, capabilities, execute);
  });
}
