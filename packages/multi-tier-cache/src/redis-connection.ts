import { CacheError } from '@multi-tier-cache/core';
import {
  cappedBackoff,
  parseRedisUrl,
  type RedisUrlSource,
  redactUrl,
  resolveRedisUrl,
} from '@multi-tier-cache/redis-common';
import { type Cluster, Redis, type RedisOptions } from 'ioredis';
import type { CacheSystemOptions } from './cache-system-options.js';

/** Milliseconds `close()` waits for QUIT before dropping the connection. */
const QUIT_GRACE_MS = 1000;

/**
 * The one connection the cache's tiers share: L2 commands, publishing invalidations and stream
 * commands (the bus subscriber and blocking stream reads open their own duplicates).
 */
export interface RedisConnection {
  readonly client: Redis | Cluster;
  /** The URL with any password hidden, or undefined for a client passed in. */
  readonly url: string | undefined;
  /** Where the URL came from: 'option', 'env', 'dotenv', 'default', or 'client'. */
  readonly source: RedisUrlSource | 'client';
  /** The last error the connection reported (a refused connection, NOAUTH...), until it is ready. */
  readonly lastError: unknown;
  /**
   * Redis refused the database of the URL (`ERR DB index is out of range`): ioredis reports it
   * once and carries on with database 0, so it is kept here for the start-up warning.
   */
  readonly dbRefusal: unknown;
  /** Closes the connection if the system opened it. */
  close(): Promise<void>;
}

/**
 * Opens the connection, by priority: `client`, `redisUrl`, `REDIS_URL`, `.env`, default. It
 * fails fast like `ioredisStore`'s own: commands time out, a command queued while Redis is away
 * fails after one reconnection attempt, and reconnection goes on forever.
 */
export function openRedis(options: CacheSystemOptions): RedisConnection {
  if (options.client !== undefined && options.redisUrl !== undefined) {
    throw new CacheError(
      'configuration',
      'CacheSystem got both client and redisUrl: pass only one way to reach Redis',
    );
  }
  if (options.client !== undefined) {
    return {
      client: options.client,
      url: undefined,
      source: 'client',
      lastError: undefined,
      dbRefusal: undefined,
      close: async () => {},
    };
  }
  const { url, source } = resolveRedisUrl({ url: options.redisUrl });
  const delay = cappedBackoff({ maxMs: 2000 });
  const client = new Redis({
    commandTimeout: 1000,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => delay(times - 1),
    ...ioredisOptionsOf(url),
    ...options.redisOptions,
  });
  // Failed calls are counted by the cache; without a listener ioredis would log each error. The
  // last one is kept: it says what happened (ECONNREFUSED, NOAUTH) where a command's error only
  // names ioredis's retry limit.
  let lastError: unknown;
  let dbRefusal: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
    if (error instanceof Error && /DB index is out of range/i.test(error.message)) {
      dbRefusal = error;
    }
  });
  client.on('ready', () => {
    lastError = undefined;
  });
  return {
    client,
    url: redactUrl(url),
    source,
    get lastError() {
      return lastError;
    },
    get dbRefusal() {
      return dbRefusal;
    },
    close: () => quit(client),
  };
}

async function quit(client: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, QUIT_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  client.disconnect();
}

/** ioredis connection options from a `redis://` or `rediss://` URL. */
function ioredisOptionsOf(url: string): RedisOptions {
  const { tls, username, password, db, ...address } = parseRedisUrl(url);
  return {
    ...address,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(db === undefined ? {} : { db }),
    ...(tls ? { tls: { servername: address.host } } : {}),
  };
}
