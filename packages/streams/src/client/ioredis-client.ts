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
  on(event: 'error' | 'close', listener: (error?: Error) => void): unknown;
  readonly isCluster?: boolean;
}

/**
 * Options a duplicate gets: a blocking read cut off by a disconnect must fail (the caller then
 * reads again from where it knows it is), not be sent again behind its back.
 */
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
      // A Cluster keeps ioredis' own resend: its per-node connections give no close event to
      // reject on, and its slot-redirect handling relies on resending.
      const copy = (
        redis.isCluster
          ? (redis.duplicate as () => IoredisLike)()
          : (redis.duplicate as (options: object) => IoredisLike)(DEDICATED)
      ) as IoredisLike;
      copy.on('error', ignoreConnectionError);
      return dedicated(copy);
    },
  };
}

/**
 * With `autoResendUnfulfilledCommands: false`, ioredis drops the commands a lost connection had in
 * flight without settling them; this rejects them instead, so a blocked read never hangs.
 */
function dedicated(redis: IoredisLike): DedicatedStreamClient {
  const inFlight = new Set<(error: Error) => void>();
  redis.on('close', () => {
    const error = new Error('Connection closed while a command was in flight');
    for (const reject of inFlight) reject(error);
    inFlight.clear();
  });
  const client = ioredisClient(redis);
  return {
    send: function ioredisDedicatedSend(command, key, args, encoding) {
      return new Promise((resolve, reject) => {
        inFlight.add(reject);
        client.send(command, key, args, encoding).then(
          (reply) => {
            inFlight.delete(reject);
            resolve(reply);
          },
          (error: unknown) => {
            inFlight.delete(reject);
            reject(error);
          },
        );
      });
    },
    duplicate: client.duplicate,
    destroy: () => redis.disconnect(false),
  };
}

/** Connection errors surface as rejected commands, which the caller handles; ioredis also emits them. */
function ignoreConnectionError(): void {}
