export { type CappedBackoffOptions, cappedBackoff } from './backoff.js';
export {
  addressOf,
  describeConnectionError,
  isConnectionError,
} from './describe-connection-error.js';
export { escapeGlob } from './escape-glob.js';
export { entryFromPttl, readFramedEntry } from './expiry-entry.js';
export {
  FENCE_DELETE,
  FENCE_DELETE_SHA,
  FENCE_SET,
  FENCE_SET_SHA,
  isNoScript,
} from './fence-scripts.js';
export { groupKeysByNode, groupKeysBySlot, type NodeGroup, type SlotGroup } from './group-keys.js';
export { keySlot, SLOT_COUNT } from './key-slot.js';
export {
  LOCK_ACQUIRE,
  LOCK_ACQUIRE_REPLACING,
  LOCK_RELEASE,
  LOCK_SET_IF_HELD,
  lockKey,
} from './lock-scripts.js';
export {
  FENCE_PATTERN,
  FENCE_SCAN_DELETE,
  globToLuaPattern,
  PATTERN_FENCE_MS,
  patternFenceKey,
  recordPatternFence,
  scanAndTombstone,
} from './pattern-fence.js';
export { type CoalescedReads, MAX_BATCH_KEYS, ReadCoalescer } from './read-coalescer.js';
export { redactError, secretsOf } from './redact-error.js';
export { redactUrl } from './redact-url.js';
export {
  describeNodes,
  parseRedisNodes,
  type RedisNode,
  type RedisNodeAddress,
} from './redis-nodes.js';
export { parseRedisUrl, type RedisUrlParts } from './redis-url.js';
export {
  DEFAULT_REDIS_URL,
  type RedisUrlSource,
  type ResolveRedisUrlOptions,
  readDotEnv,
  resolveRedisUrl,
} from './resolve-redis-url.js';
export {
  type RedisCommand,
  type ScanAndUnlinkOptions,
  type SendCommand,
  scanAndUnlink,
} from './scan-and-unlink.js';
