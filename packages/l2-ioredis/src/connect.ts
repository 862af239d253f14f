import { CacheError } from '@multi-tier-cache/core';
import {
  addressOf,
  cappedBackoff,
  describeConnectionError,
  describeNodes,
  isConnectionError,
  parseRedisNodes,
  parseRedisUrl,
  type RedisUrlParts,
  redactError,
  resolveRedisUrl,
  secretsOf,
} from '@multi-tier-cache/redis-common';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { IoredisStoreOptions } from './ioredis-store-options.js';

/** The client a store talks to, whether the store created it, and the secrets its errors may hold. */
export interface Connection {
  readonly client: Redis | Cluster;
  readonly owned: boolean;
  /** Passwords to hide in every error the store surfaces (ioredis keeps AUTH arguments on errors). */
  readonly secrets: readonly string[];
  /**
   * The error a store call rejects with: a connection failure described from the connection's
   * last real error (`ECONNREFUSED 127.0.0.1:1`, `NOAUTH`, `DB index out of range`) instead of
   * ioredis's retry-limit text, anything else as it came; passwords hidden either way.
   */
  readonly failure: (error: unknown) => unknown;
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
  const delay = cappedBackoff({ maxMs: options.maxReconnectDelayMs ?? 2000 });
  return {
    ...(commandTimeout > 0 ? { commandTimeout } : {}),
    connectTimeout: options.connectTimeout ?? 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => delay(times - 1),
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
  if (options.client !== undefined) {
    const secrets = secretsOf(undefined, passwordOf(options.client.options));
    const { host, port } = options.client.options;
    return withFailure(
      options,
      options.client,
      false,
      secrets,
      `${host ?? 'localhost'}:${port ?? 6379}`,
    );
  }
  if (options.cluster !== undefined) {
    const redisOptions = options.cluster.options.redisOptions;
    const secrets = secretsOf(undefined, passwordOf(redisOptions));
    return withFailure(options, options.cluster, false, secrets, 'the cluster');
  }
  const clientOptions = { ...options.redisOptions, ...options.clientOptions };
  const base = failFastOptions(options);
  let client: Redis | Cluster;
  let secrets: string[];
  let where: string;
  if (options.clusterNodes !== undefined) {
    const nodes = parseRedisNodes(options.clusterNodes, 'clusterNodes');
    const { retryStrategy, enableOfflineQueue: _, ...nodeOptions } = base;
    // Credentials and TLS of the first node given as a URL apply to every node, as in nodeRedisStore.
    const { host: _host, port: _port, ...credentials } = clientOptionsOf(nodes[0]!);
    const nodeRedisOptions: RedisOptions = {
      ...nodeOptions,
      ...credentials,
      ...clientOptions,
      ...options.clusterOptions?.redisOptions,
    };
    secrets = [
      ...nodes.flatMap((node) => secretsOf(undefined, node.password)),
      ...secretsOf(undefined, passwordOf(nodeRedisOptions)),
    ];
    where = `the cluster ${describeNodes(nodes)}`;
    client = new Cluster(
      nodes.map(({ host, port }) => ({ host, port })),
      {
        clusterRetryStrategy: retryStrategy as (attempt: number) => number,
        enableOfflineQueue: true,
        ...options.clusterOptions,
        redisOptions: nodeRedisOptions,
      },
    );
  } else if (options.sentinels !== undefined) {
    if (options.masterName === undefined || options.masterName === '') {
      throw new CacheError(
        'configuration',
        'sentinels need the master group name: pass masterName, e.g. { sentinels, masterName: "mymaster" }',
      );
    }
    const sentinels = parseRedisNodes(options.sentinels, 'sentinels');
    const sentinelDelay = cappedBackoff({ maxMs: options.maxReconnectDelayMs ?? 2000 });
    // Credentials of the first sentinel given as a URL log in to the sentinels.
    const { username: sentinelUsername, password: sentinelPassword } = sentinels[0]!;
    const redisOptions: RedisOptions = {
      ...base,
      ...(sentinelUsername === undefined ? {} : { sentinelUsername }),
      ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
      sentinels: sentinels.map(({ host, port }) => ({ host, port })),
      name: options.masterName,
      failoverDetector: true,
      sentinelRetryStrategy: (times) => sentinelDelay(times - 1),
      ...clientOptions,
    };
    secrets = [
      ...secretsOf(undefined, passwordOf(redisOptions)),
      ...sentinels.flatMap((node) => secretsOf(undefined, node.password)),
      ...secretsOf(undefined, redisOptions.sentinelPassword),
    ];
    where = `master '${options.masterName}' of sentinels ${describeNodes(sentinels)}`;
    client = new Redis(redisOptions);
  } else {
    const { url } = resolveRedisUrl({ url: options.url });
    const redisOptions: RedisOptions = {
      ...base,
      ...clientOptionsOf(parseRedisUrl(url)),
      ...clientOptions,
    };
    secrets = [...secretsOf(url), ...secretsOf(undefined, passwordOf(redisOptions))];
    where = `${redisOptions.host}:${redisOptions.port}`;
    client = new Redis(redisOptions);
  }
  const connection = withFailure(options, client, true, secrets, where);
  const onError = options.onError;
  if (onError !== undefined) {
    client.on('error', (error: Error) => onError(redactError(error, secrets) as Error));
  }
  return connection;
}

/** The last error of each client the stores listen to: one pair of listeners per client. */
const lastErrors = new WeakMap<Redis | Cluster, { error: unknown }>();

/** The client's last error, kept until it is ready again. */
function lastErrorOf(client: Redis | Cluster): { error: unknown } {
  const known = lastErrors.get(client);
  if (known !== undefined) return known;
  const state: { error: unknown } = { error: undefined };
  client.on('error', (error: unknown) => {
    state.error = error;
  });
  client.on('ready', () => {
    state.error = undefined;
  });
  lastErrors.set(client, state);
  return state;
}

/**
 * The connection with its `failure`, described from the client's last error (a command on a
 * refused connection only gets ioredis's "Reached the max retries per request limit"). A client
 * you pass is listened to only when it already has an `error` listener: adding the first one
 * would silence ioredis's own report of unhandled errors. A database Redis refuses (`ERR DB index
 * is out of range`) is fatal for a client the store created: ioredis would report it once and
 * carry on in database 0, so the store disconnects and every call names the refusal.
 */
function withFailure(
  options: IoredisStoreOptions,
  client: Redis | Cluster,
  owned: boolean,
  secrets: readonly string[],
  where: string,
): Connection {
  const last = owned || client.listenerCount('error') > 0 ? lastErrorOf(client) : undefined;
  let refusal: unknown;
  if (owned) {
    client.on('error', (error: unknown) => {
      if (refusal !== undefined) return;
      if (error instanceof Error && /DB index is out of range/i.test(error.message)) {
        refusal = error;
        client.disconnect();
      }
    });
  }
  const hide = (error: unknown) => (secrets.length === 0 ? error : redactError(error, secrets));
  const failure = (error: unknown): unknown => {
    if (!isConnectionError(error)) return hide(error);
    const reason = hide(refusal ?? last?.error ?? error);
    return new CacheError(
      'tier-failure',
      `${options.name ?? 'ioredis'}: ${describeConnectionError(reason, addressOf(reason, where))}`,
      { cause: reason },
    );
  };
  return { client, owned, secrets, failure };
}

/** ioredis connection options from the parts of a URL. */
function clientOptionsOf(
  parts: Omit<RedisUrlParts, 'db'> & { readonly db?: number },
): RedisOptions {
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.username === undefined ? {} : { username: parts.username }),
    ...(parts.password === undefined ? {} : { password: parts.password }),
    ...(parts.db === undefined ? {} : { db: parts.db }),
    ...(parts.tls ? { tls: { servername: parts.host } } : {}),
  };
}

function passwordOf(options: RedisOptions | undefined): string | undefined {
  return typeof options?.password === 'string' ? options.password : undefined;
}
