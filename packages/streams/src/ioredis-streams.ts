import { type IoredisLike, ioredisClient } from './client/ioredis-client.js';
import type { RedisStreamsOptions } from './options.js';
import { RedisStreams } from './redis-streams.js';

/**
 * Redis Streams on an ioredis `Redis` or `Cluster`. Blocking reads and subscriptions use
 * duplicates of it, so your client never waits behind them.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const streams = ioredisStreams(new Redis(process.env.REDIS_URL));
 * await streams.publish('events', { type: 'login' });
 * ```
 */
export function ioredisStreams(
  client: IoredisLike,
  options: RedisStreamsOptions = {},
): RedisStreams {
  return new RedisStreams(ioredisClient(client), options);
}
