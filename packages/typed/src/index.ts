export { jsonSerializer, type Serializer } from '@multi-tier-cache/core';
export type { StandardSchemaV1 } from '@standard-schema/spec';
export {
  type BoundEntry,
  defineEntry,
  type Entry,
  type EntryComputeOptions,
  type EntryDefinition,
} from './define-entry.js';
export { getOrComputeTyped } from './get-or-compute-typed.js';
export { getTyped } from './get-typed.js';
export { setTyped } from './set-typed.js';
export { type SizeGuardOptions, sizeGuard } from './size-guard.js';
export type {
  InvalidatingCache,
  Output,
  TypedCache,
  TypedComputeOptions,
} from './typed-cache.js';
export { type TypedStats, typedStats } from './typed-stats.js';
