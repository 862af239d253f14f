import type { DedicatedStreamClient, StreamClient } from './stream-client.js';

/**
 * The parts of an ioredis `Redis` or `Cluster` this package uses (structural, so ioredis stays an
 * optional peer and both 5.x and 6.x fit).
 *
 * @example
 * ```ts
 * const client: IoredisLike = new Redis(process.env.REDIS_URL);
 * ```
 */
export interface IoredisLike {
  call(command: string, args: (string | Buffer | number)[]): Promise<unknown>;
  callBuffer(command: string, args: (string | Buffer | number)[]): Promise<unknown>;
  duplicate(...args: never[]): unknown;
  disconnect(reconnect?: boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly isCluster?: boolean;
}

/** Options a duplicate gets: a blocking read that was cut off must fail, not be sent again. */
const DEDICATED = { autoResendUnfulfilledCommands: false, lazyConnect: false };

/**
 * Adapts an ioredis `Redis` or `Cluster` to {@link StreamClient}.
 *
 * @example
 * ```ts
 * const client = ioredisClient(new Redis(process.env.REDIS_URL));
 * ```
 */
export function ioredisClient(redis: IoredisLike): StreamClient {
  return {
    send: function ioredisSend(command, _key, args, encoding) {
      return encoding === 'buffer' ? redis.callBuffer(command, args) : redis.call(command, args);
    },
    duplicate: async function ioredisDuplicate() {
      const copy = (
        redis.isCluster
          ? (redis.duplicate as (nodes: unknown[], options: object) => IoredisLike)([], {
              redisOptions: DEDICATED,
            })
          : (redis.duplicate as (options: object) => IoredisLike)(DEDICATED)
      ) as IoredisLike;
      copy.on('error', ignoreConnectionError);
      return dedicated(copy);
    },
  };
}

function dedicated(redis: IoredisLike): DedicatedStreamClient {
  const client = ioredisClient(redis);
  return { ...client, destroy: () => redis.disconnect(false) };
}

/** Connection errors surface as rejected commands, which the caller handles; ioredis also emits them. */
function ignoreConnectionError(): void {}
