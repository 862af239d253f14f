import { Redis } from 'ioredis';

/**
 * An ioredis client for the examples' own commands (PTTL, XLEN, planting values, the bus). A
 * command fails after one reconnection attempt instead of twenty, so an example pointed at an
 * unreachable Redis fails in seconds rather than hanging.
 *
 * @example
 * ```ts
 * const redis = connectRedis(redisUrl);
 * defer(() => closeRedis(redis));
 * ```
 */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on('error', () => {
    // Failed commands reject on their own; without a listener ioredis logs every reconnection.
  });
  return client;
}

/** QUIT, or drop the connection when the server does not answer within a second. */
export async function closeRedis(client: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 1000);
    }),
  ]);
  clearTimeout(timer);
  client.disconnect();
}
