import {
  type NodeRedisClientLike,
  type NodeRedisClusterLike,
  nodeRedisClient,
} from './client/node-redis-client.js';
import type { RedisStreamsOptions } from './options.js';
import { RedisStreams } from './redis-streams.js';

/**
 * Redis Streams on a connected node-redis client (`createClient`) or cluster (`createCluster`).
 * Blocking reads and subscriptions use duplicates of it, so your client never waits behind them.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const streams = nodeRedisStreams(await createClient({ url: process.env.REDIS_URL }).connect());
 * await streams.publish('events', { type: 'login' });
 * ```
 */
export function nodeRedisStreams(
  client: NodeRedisClientLike | NodeRedisClusterLike,
  options: RedisStreamsOptions = {},
): RedisStreams {
  return new RedisStreams(nodeRedisClient(client), options);
}
