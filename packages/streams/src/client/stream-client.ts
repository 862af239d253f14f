/**
 * One argument of a Redis command: text or raw bytes.
 *
 * @example
 * ```ts
 * const args: RedisArg[] = ['events', '*', 'file', Buffer.from([0, 1])];
 * ```
 */
export type RedisArg = string | Buffer;

/**
 * How bulk-string replies come back: UTF-8 text or raw bytes.
 *
 * @example
 * ```ts
 * await client.send('XRANGE', 'k', ['k', '-', '+'], 'buffer');
 * ```
 */
export type ReplyEncoding = 'utf8' | 'buffer';

/**
 * The few things the stream operations need from a Redis client. Each operation in `commands/`
 * encodes its arguments and decodes the reply once; the ioredis and node-redis adapters only know
 * how to send a command and how to open another connection.
 *
 * @example
 * ```ts
 * const client = ioredisClient(new Redis(url));
 * const id = await client.send('xadd', 'events', ['events', '*', 'type', 'login']);
 * ```
 */
export interface StreamClient {
  /**
   * Sends `command` (lower case: ioredis lower-cases every name on each call otherwise) with `args` (the adapter may take ownership of the array). `key` is the key
   * that routes the command in a cluster. Replies come back raw, as RESP2 arrays or RESP3 shapes.
   */
  send(command: string, key: string, args: RedisArg[], encoding?: ReplyEncoding): Promise<unknown>;
  /**
   * A new, connected client to the same server(s), for blocking reads that must not hold up the
   * user's connection. The caller destroys it.
   */
  duplicate(): Promise<DedicatedStreamClient>;
}

/**
 * A connection this package opened itself; it closes it with `destroy()`.
 *
 * @example
 * ```ts
 * const blocking = await client.duplicate();
 * try { await blocking.send('xread', 'k', ['BLOCK', '1000', 'STREAMS', 'k', '$']); } finally { blocking.destroy(); }
 * ```
 */
export interface DedicatedStreamClient extends StreamClient {
  /** Closes the connection at once; in-flight commands reject. */
  destroy(): void;
}
