export type { Bus, BusGap, BusListener, BusResume } from './bus/bus.js';
export type { InvalidationMessage, InvalidationType } from './bus/invalidation-message.js';
export { abortable } from './cache/abortable.js';
export type { SetManyEntry } from './cache/batch-arguments.js';
export type { ComputeMany } from './cache/batch-compute.js';
export type { TaggedSetManyEntry } from './cache/batch-tags.js';
export type { CacheEventName, CacheEvents } from './cache/cache-events.js';
export type { CacheLogger } from './cache/cache-logger.js';
export type {
  CacheOptions,
  ComputeContext,
  FactoryTimeouts,
  GetOrComputeOptions,
  LockOptions,
  SetOptions,
  UpdateCacheOptions,
} from './cache/cache-options.js';
export type { CacheStats, TierStats } from './cache/cache-stats.js';
export { CacheSystemBuilder } from './cache/cache-system-builder.js';
export type { CircuitBreakerOptions } from './cache/circuit-breaker.js';
export { createCache } from './cache/create-cache.js';
export type { BusHealth, HealthReport, HealthStatus, TierHealth } from './cache/health-check.js';
export { MultiTierCache } from './cache/multi-tier-cache.js';
export { CacheNamespace } from './cache/namespace.js';
export type { NamespaceStats } from './cache/namespace-stats.js';
export type { TierOptions } from './cache/shared-tier.js';
export { withTimeout } from './cache/with-timeout.js';
export { CHANNEL_NAMES } from './diagnostics/channel-names.js';
export { diagnosticsChannels } from './diagnostics/channels.js';
export { errorType } from './diagnostics/error-type.js';
export type {
  BreakerMessage,
  BreakerState,
  BusDroppedMessage,
  BusGapMessage,
  BusReconnectMessage,
  PromotionMessage,
  TierErrorMessage,
} from './diagnostics/event-messages.js';
export {
  type CacheOutcome,
  type ClearContext,
  type DeleteByTagContext,
  type DeleteContext,
  type ExpireContext,
  type GetContext,
  type GetManyContext,
  type GetOrComputeContext,
  type GetOrComputeManyContext,
  type InvalidatePatternContext,
  type OperationContexts,
  type OperationName,
  operationContext,
  type SetContext,
  type SetManyContext,
  type TracedFields,
} from './diagnostics/operation-contexts.js';
export {
  publishBreaker,
  publishBusDropped,
  publishBusGap,
  publishBusReconnect,
  publishPromotion,
  publishTierError,
} from './diagnostics/publish-events.js';
export {
  type OperationHandlers,
  subscribeOperation,
} from './diagnostics/subscribe-operation.js';
export { isTraced, traceCall, traceOperation } from './diagnostics/trace-operation.js';
export { CacheError, type CacheErrorCode, isCacheError } from './errors.js';
export { compileGlob, type GlobMatcher, globToRegExp } from './glob.js';
export { assertValidKey, DEFAULT_MAX_KEY_LENGTH, invalidKeyError } from './keys.js';
export { type MemoryBusHub, memoryBusHub } from './memory/memory-bus.js';
export { type MemoryL1StoreOptions, memoryL1Store } from './memory/memory-l1-store.js';
export {
  type MemoryL2Slot,
  type MemoryL2StoreOptions,
  memoryL2Store,
} from './memory/memory-l2-store.js';
export type { JsonSerializerOptions } from './serialization/json-serializer.js';
export { jsonSerializer } from './serialization/json-serializer.js';
export {
  type LosslessSerializerOptions,
  losslessSerializer,
} from './serialization/lossless-serializer.js';
export type { Serializer } from './serialization/serializer.js';
export { EXPIRY_FRAME_BYTES, frameWithExpiry, readExpiryFrame } from './stores/expiry-frame.js';
export type { L1Store } from './stores/l1-store.js';
export type { L2ConditionalWrite } from './stores/l2-conditional-write.js';
export { type AcquireLockOptions, type L2Locks, lockToken } from './stores/l2-locks.js';
export type { L2Capabilities, L2Entry, L2Store, L2WriteEntry } from './stores/l2-store.js';
export { validatePrefix } from './stores/store-prefix.js';
export { storeTtlMs } from './stores/store-ttl.js';
export { isTombstone, tombstoneFrame, writtenAt } from './stores/tombstone-frame.js';
export { CacheStrategy, type CacheStrategyValue, resolveTtl, type TtlOption } from './strategy.js';
export { parseTtl, type Ttl } from './ttl.js';
