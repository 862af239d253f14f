export { type IoredisLike, ioredisClient } from './client/ioredis-client.js';
export {
  type NodeRedisClientLike,
  type NodeRedisClusterLike,
  nodeRedisClient,
} from './client/node-redis-client.js';
export type {
  DedicatedStreamClient,
  RedisArg,
  ReplyEncoding,
  StreamClient,
} from './client/stream-client.js';
export { ioredisStreams } from './ioredis-streams.js';
export { type JsonFieldOptions, jsonFields, parseJsonEntry } from './json.js';
export { nodeRedisStreams } from './node-redis-streams.js';
export type {
  ClaimIdleOptions,
  ClaimResult,
  CreateGroupOptions,
  EncodingOption,
  PendingEntriesOptions,
  PendingEntry,
  PendingSummary,
  PublishOptions,
  ReadGroupOptions,
  ReadOptions,
  RedisStreamsOptions,
  SubscribeOptions,
} from './options.js';
export { RedisStreams, redisStreams } from './redis-streams.js';
export type { BinaryStreamEntry } from './reply.js';
export type { StreamEntry, StreamFields, StreamingBackend } from './streaming-backend.js';
export { type CacheWithStreams, withStreams } from './with-streams.js';
