export {
  type BusCapabilities,
  type BusTestContext,
  type Recorder,
  record,
} from './bus-context.js';
export { type BusSuiteOptions, busSuite } from './bus-suite.js';
export { busTests } from './bus-tests.js';
export type { ConformanceTest, SkipList } from './conformance-test.js';
export { exposedSecretParts } from './exposed-secret.js';
export {
  type FleetInstance,
  type FleetInstanceOptions,
  type FleetRunResult,
  type FleetStore,
  startFleetInstance,
} from './fleet-process.js';
export {
  type FleetSuiteOptions,
  type FleetTest,
  type FleetTestContext,
  fleetSuite,
  fleetTests,
} from './fleet-suite.js';
export { type L1StoreSuiteOptions, l1StoreSuite } from './l1-store-suite.js';
export { type L1Test, type L1TestContext, l1StoreTests } from './l1-tests.js';
export type { L2Test, L2TestContext } from './l2-context.js';
export { type L2StoreSuiteOptions, l2StoreSuite, l2StoreTests } from './l2-store-suite.js';
export {
  type StaleLockSuiteOptions,
  type StaleLockTest,
  type StaleLockTestContext,
  staleLockSuite,
  staleLockTests,
} from './stale-lock-suite.js';
export type {
  StreamsBackendLike,
  StreamsCapabilities,
  StreamsEntryLike,
  StreamsTest,
  StreamsTestContext,
} from './streams-context.js';
export { type StreamsSuiteOptions, streamsSuite, streamsTests } from './streams-suite.js';
export type { AssertionLike, VitestLike } from './vitest-like.js';
export { waitFor } from './wait-for.js';
