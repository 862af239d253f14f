import type { ReplyEncoding, StreamClient } from './stream-client.js';

/** node-redis `RESP_TYPES.BLOB_STRING` and `SIMPLE_STRING` (`$` and `+`), mapped to Buffer. */
const BUFFER_REPLIES = { typeMapping: { 36: Buffer, 43: Buffer } };

/**
 * The parts of a node-redis client (`createClient`) this package uses.
 *
 * @example
 * ```ts
 * const client: NodeRedisClientLike = await createClient({ url }).connect();
 * ```
 */
export interface NodeRedisClientLike {
  sendCommand(args: ReadonlyArray<string | Buffer>, options?: object): Promise<unknown>;
  duplicate(): NodeRedisClientLike;
  connect(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The parts of a node-redis cluster (`createCluster`) this package uses.
 *
 * @example
 * ```ts
 * const cluster: NodeRedisClusterLike = await createCluster({ rootNodes }).connect();
 * ```
 */
export interface NodeRedisClusterLike {
  sendCommand(
    firstKey: string | Buffer | undefined,
    isReadonly: boolean | undefined,
    args: ReadonlyArray<string | Buffer>,
    options?: object,
  ): Promise<unknown>;
  duplicate(): NodeRedisClusterLike;
  connect(): Promise<unknown>;
  destroy(): Promise<void> | void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly masters: readonly unknown[];
}

function isCluster(
  client: NodeRedisClientLike | NodeRedisClusterLike,
): client is NodeRedisClusterLike {
  return Array.isArray((client as Partial<NodeRedisClusterLike>).masters);
}

function options(encoding: ReplyEncoding | undefined): object | undefined {
  return encoding === 'buffer' ? BUFFER_REPLIES : undefined;
}

/**
 * Adapts a connected node-redis client or cluster to {@link StreamClient}.
 *
 * @example
 * ```ts
 * const client = nodeRedisClient(await createClient({ url }).connect());
 * ```
 */
export function nodeRedisClient(redis: NodeRedisClientLike | NodeRedisClusterLike): StreamClient {
  const send: StreamClient['send'] = isCluster(redis)
    ? function nodeRedisClusterSend(command, key, args, encoding) {
        args.unshift(command);
        return redis.sendCommand(key, false, args, options(encoding));
      }
    : function nodeRedisSend(command, _key, args, encoding) {
        args.unshift(command);
        return redis.sendCommand(args, options(encoding));
      };
  return {
    send,
    duplicate: async function nodeRedisDuplicate() {
      const copy = redis.duplicate();
      copy.on('error', ignoreConnectionError);
      await copy.connect();
      return {
        ...nodeRedisClient(copy),
        destroy: () => {
          // A cluster's destroy() returns a promise; a client's returns nothing.
          Promise.resolve(copy.destroy()).catch(ignoreConnectionError);
        },
      };
    },
  };
}

/** Connection errors surface as rejected commands, which the caller handles. */
function ignoreConnectionError(): void {}
