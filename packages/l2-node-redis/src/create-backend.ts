import { CacheError } from '@multi-tier-cache/core';
import { createClient, createCluster, createSentinel, type RedisClientOptions } from 'redis';
import { type Backend, connectWithRetry } from './backend.js';
import { ClusterBackend } from './cluster-backend.js';
import type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
  NodeRedisStoreOptions,
} from './node-redis-store-options.js';
import { cappedBackoff } from './reconnect-strategy.js';
import { resolveRedisUrl } from './resolve-url.js';
import { SentinelBackend } from './sentinel-backend.js';
import { type ConnectionSetup, StandaloneBackend } from './standalone-backend.js';

interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
}

/**
 * Builds the backend the options describe: an existing client, cluster or sentinel client, or
 * one the store creates (from `rootNodes`, `sentinels` or a URL resolved option > `REDIS_URL` >
 * `.env` > default). Created connections fail fast: no offline queue, a connect timeout, and a
 * reconnect strategy with capped backoff that never gives up.
 */
export function createBackend(options: NodeRedisStoreOptions): Backend {
  const given = (
    ['url', 'client', 'cluster', 'rootNodes', 'sentinels', 'sentinel'] as const
  ).filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw new CacheError(
      'configuration',
      `nodeRedisStore got ${given.join(' and ')}: pass only one way to reach Redis`,
    );
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const backoff = cappedBackoff({ maxDelayMs: options.maxReconnectDelayMs ?? 2000 });
  const created: Partial<RedisClientOptions> = {
    ...options.clientOptions,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: backoff,
      ...options.clientOptions?.socket,
    } as RedisClientOptions['socket'],
  };
  const onError = options.onError ?? (() => {});
  let stopped = false;
  const setup = (target: Emitter, owned: boolean, address: string): ConnectionSetup => {
    const listener = (error: unknown) => onError(error);
    target.on('error', listener);
    const connecting = target.isOpen
      ? undefined
      : connectWithRetry(
          () => target.connect(),
          () => stopped,
          backoff,
          onError,
        );
    return {
      owned,
      connecting,
      connectTimeoutMs,
      address,
      detach: () => {
        if (!owned) target.off('error', listener);
      },
      stop: () => {
        stopped = true;
      },
    };
  };

  if (options.client !== undefined) {
    const client = options.client;
    return new StandaloneBackend(
      client,
      setup(client as unknown as Emitter, false, describeClient(client)),
    );
  }
  if (options.cluster !== undefined) {
    const cluster = options.cluster;
    return new ClusterBackend(cluster, setup(cluster as unknown as Emitter, false, 'the cluster'));
  }
  if (options.sentinel !== undefined) {
    const sentinel = options.sentinel;
    return new SentinelBackend(
      sentinel,
      setup(sentinel as unknown as Emitter, false, 'the sentinel master'),
    );
  }
  if (options.rootNodes !== undefined) {
    if (options.rootNodes.length === 0) {
      throw new CacheError('configuration', 'rootNodes is empty: list at least one cluster node');
    }
    const first = options.rootNodes[0]!;
    const { tls, ...credentials } = typeof first === 'string' ? credentialsOf(first) : {};
    const cluster: NodeRedisCluster = createCluster({
      rootNodes: options.rootNodes.map((node) =>
        typeof node === 'string' ? { url: node } : { socket: { host: node.host, port: node.port } },
      ),
      defaults: {
        ...created,
        ...credentials,
        socket: { ...created.socket, ...(tls ? { tls } : {}) },
      } as never,
    });
    const address = options.rootNodes
      .map((node) => (typeof node === 'string' ? node : `${node.host}:${node.port}`))
      .join(', ');
    return new ClusterBackend(cluster, setup(cluster as unknown as Emitter, true, address));
  }
  if (options.sentinels !== undefined) {
    if (options.sentinels.length === 0) {
      throw new CacheError('configuration', 'sentinels is empty: list at least one sentinel');
    }
    const name = options.masterName ?? 'mymaster';
    const sentinel: NodeRedisSentinel = createSentinel({
      name,
      sentinelRootNodes: options.sentinels.map(({ host, port }) => ({ host, port })),
      nodeClientOptions: created as never,
      sentinelClientOptions: created as never,
    });
    const address = `master '${name}' of sentinels ${options.sentinels
      .map(({ host, port }) => `${host}:${port}`)
      .join(', ')}`;
    return new SentinelBackend(sentinel, setup(sentinel as unknown as Emitter, true, address));
  }
  const { url } = resolveRedisUrl(options.url);
  let client: NodeRedisClient;
  try {
    client = createClient({ ...created, url } as never);
  } catch (error) {
    throw new CacheError(
      'configuration',
      `invalid Redis URL ${redact(url)}: use redis://[user:password@]host:port[/db] or rediss://`,
      { cause: error },
    );
  }
  return new StandaloneBackend(client, setup(client as unknown as Emitter, true, redact(url)));
}

/** Username, password and TLS of a seed node URL, which node-redis applies to that node only. */
function credentialsOf(url: string): { username?: string; password?: string; tls?: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new CacheError(
      'configuration',
      `invalid cluster node URL ${redact(url)}: use redis://[user:password@]host:port`,
      { cause: error },
    );
  }
  return {
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: true } : {}),
  };
}

function describeClient(client: NodeRedisClient): string {
  const socket = client.options?.socket as { host?: string; port?: number } | undefined;
  if (client.options?.url !== undefined) return redact(client.options.url);
  return `${socket?.host ?? 'localhost'}:${socket?.port ?? 6379}`;
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
