import { CacheError } from '@multi-tier-cache/core';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { IoredisStoreOptions } from './ioredis-store-options.js';
import { parseRedisUrl, resolveRedisUrl } from './redis-url.js';

/** The client a store talks to, and whether the store created it (and so must close it). */
export interface Connection {
  readonly client: Redis | Cluster;
  readonly owned: boolean;
}

/**
 * Reconnection delays: 50 ms doubling up to `maxMs`, with jitter so that many instances do not
 * reconnect in step. Never gives up: a cache server that comes back is used again.
 *
 * @example
 * ```ts
 * new Redis({ retryStrategy: reconnectDelay(2000) });
 * ```
 */
export function reconnectDelay(maxMs: number): (attempt: number) => number {
  return function reconnectDelayMs(attempt) {
    const base = Math.min(50 * 2 ** Math.min(attempt - 1, 16), maxMs);
    return Math.round(base * (0.8 + Math.random() * 0.2));
  };
}

/**
 * Options that make a dead or hung server fail fast instead of holding callers:
 * - `commandTimeout` (off unless set): a command without reply (server paused, network black
 *   hole) rejects; through the cache, its timeout and circuit breaker already bound such calls;
 * - `maxRetriesPerRequest: 1`: commands queued while disconnected are rejected after one failed
 *   reconnection attempt instead of twenty;
 * - `enableOfflineQueue` stays on so that commands sent while the first connection is being made
 *   (or during a short blip) are not refused outright;
 * - `connectTimeout` bounds a TCP connect that hangs; `retryStrategy` reconnects forever.
 */
function failFastOptions(options: IoredisStoreOptions): RedisOptions {
  const commandTimeout = options.commandTimeout ?? 0;
  return {
    ...(commandTimeout > 0 ? { commandTimeout } : {}),
    connectTimeout: options.connectTimeout ?? 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: reconnectDelay(options.maxReconnectDelayMs ?? 2000),
  };
}

/**
 * The client described by `options`: the user's own (never closed by the store), or a new
 * standalone, Sentinel or Cluster client with the fail-fast settings.
 */
export function connect(options: IoredisStoreOptions): Connection {
  const sources = (['url', 'client', 'cluster', 'clusterNodes', 'sentinels'] as const).filter(
    (field) => options[field] !== undefined,
  );
  if (sources.length > 1) {
    throw new CacheError(
      'configuration',
      `ioredisStore got ${sources.join(' and ')}: pass only one way to reach Redis`,
    );
  }
  if (options.client !== undefined) return { client: options.client, owned: false };
  if (options.cluster !== undefined) return { client: options.cluster, owned: false };
  const onError = options.onError ?? ignore;
  const base = failFastOptions(options);
  let client: Redis | Cluster;
  if (options.clusterNodes !== undefined) {
    if (options.clusterNodes.length === 0) {
      throw new CacheError('configuration', 'clusterNodes is empty: list at least one seed node');
    }
    const { retryStrategy, enableOfflineQueue: _, ...nodeOptions } = base;
    client = new Cluster(
      options.clusterNodes.map(({ host, port }) => ({ host, port })),
      {
        clusterRetryStrategy: retryStrategy as (attempt: number) => number,
        enableOfflineQueue: true,
        ...options.clusterOptions,
        redisOptions: {
          ...nodeOptions,
          ...options.redisOptions,
          ...options.clusterOptions?.redisOptions,
        },
      },
    );
  } else if (options.sentinels !== undefined) {
    if (options.masterName === undefined || options.masterName === '') {
      throw new CacheError(
        'configuration',
        'sentinels need the master group name: pass masterName, e.g. { sentinels, masterName: "mymaster" }',
      );
    }
    client = new Redis({
      ...base,
      sentinels: options.sentinels.map(({ host, port }) => ({ host, port })),
      name: options.masterName,
      failoverDetector: true,
      sentinelRetryStrategy: reconnectDelay(options.maxReconnectDelayMs ?? 2000),
      ...options.redisOptions,
    });
  } else {
    const { url } = resolveRedisUrl({ url: options.url });
    client = new Redis({ ...base, ...parseRedisUrl(url), ...options.redisOptions });
  }
  client.on('error', onError);
  return { client, owned: true };
}

function ignore(): void {}
