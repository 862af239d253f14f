import type { L2Capabilities, L2Store } from '@multi-tier-cache/core';
import type { ConformanceTest } from './conformance-test.js';
import type { VitestLike } from './vitest-like.js';

/** What an L2 test gets: vitest's expect and a way to open stores under fresh prefixes. */
export interface L2TestContext {
  readonly expect: VitestLike['expect'];
  /** A store under `prefix` (a fresh unique one by default), closed after the test. */
  open(prefix?: string): Promise<L2Store>;
  /** A store under a fresh prefix that the test closes itself. */
  openUnmanaged(): Promise<L2Store>;
  /**
   * `createStore({ prefix })` as it is, a synchronous throw turned into a rejection; nothing is
   * cleared or closed for the test.
   */
  create(prefix: string): Promise<L2Store>;
}

/** What the L2 suite reads from a probe store before registering its tests. */
export interface L2SuiteCapabilities extends L2Capabilities {
  readonly maxValueBytes: number | undefined;
}

/** One test of `l2StoreSuite`. */
export type L2Test = ConformanceTest<L2TestContext, L2SuiteCapabilities>;

/** Expiry tests wait this long at most: some stores round TTLs up to whole seconds. */
export const EXPIRY_TIMEOUT_MS = 10_000;
