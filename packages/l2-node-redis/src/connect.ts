import { CacheError } from '@multi-tier-cache/core';
import {
  cappedBackoff,
  describeNodes,
  parseRedisNodes,
  parseRedisUrl,
  type RedisUrlParts,
  redactError,
  redactUrl,
  resolveRedisUrl,
  secretsOf,
} from '@multi-tier-cache/redis-common';
import { createClient, createCluster, createSentinel, type RedisClientOptions } from 'redis';
import { type Backend, connectWithRetry } from './backend.js';
import { ClusterBackend } from './cluster-backend.js';
import type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
  NodeRedisStoreOptions,
} from './node-redis-store-options.js';
import { SentinelBackend } from './sentinel-backend.js';
import { type ConnectionSetup, StandaloneBackend } from './standalone-backend.js';

interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
}

/** A backend and the passwords its errors must never show. */
export interface Connection {
  readonly backend: Backend;
  readonly secrets: readonly string[];
}

/**
 * Builds the backend the options describe: an existing client, cluster or sentinel client, or
 * one the store creates (from `clusterNodes`, `sentinels` or a URL resolved option > `REDIS_URL` >
 * `.env` > default). Created connections fail fast: no offline queue, a connect timeout, and a
 * reconnect strategy with capped backoff that never gives up. Addresses in messages never carry
 * credentials.
 */
export function connect(options: NodeRedisStoreOptions): Connection {
  const clusterNodes = options.clusterNodes ?? options.rootNodes;
  const given = (
    ['url', 'client', 'cluster', 'clusterNodes', 'rootNodes', 'sentinels', 'sentinel'] as const
  ).filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw new CacheError(
      'configuration',
      `nodeRedisStore got ${given.join(' and ')}: pass only one way to reach Redis`,
    );
  }
  const connectTimeoutMs = options.connectTimeout ?? options.connectTimeoutMs ?? 2000;
  const backoff = cappedBackoff({ maxMs: options.maxReconnectDelayMs ?? 2000 });
  const created: Partial<RedisClientOptions> = {
    ...options.clientOptions,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: backoff,
      ...options.clientOptions?.socket,
    } as RedisClientOptions['socket'],
  };
  const secrets = [
    ...secretsOf(undefined, passwordOf(options.clientOptions)),
    ...secretsOf(options.clientOptions?.url),
  ];
  const userOnError = options.onError;
  const onError =
    userOnError === undefined
      ? () => {}
      : (error: unknown) => userOnError(redactError(error, secrets));
  let stopped = false;
  const setup = (
    target: Emitter,
    owned: boolean,
    address: string,
    configured?: { readonly commandOptions?: { readonly timeout?: number } },
  ): ConnectionSetup => {
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
      commandTimeout:
        options.commandTimeout ??
        configured?.commandOptions?.timeout ??
        options.clientOptions?.commandOptions?.timeout ??
        0,
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
    secrets.push(
      ...secretsOf(client.options?.url, passwordOf(client.options as Partial<RedisClientOptions>)),
    );
    const backend = new StandaloneBackend(
      client,
      setup(client as unknown as Emitter, false, describeClient(client), client.options),
    );
    return { backend, secrets };
  }
  if (options.cluster !== undefined) {
    const cluster = options.cluster;
    const backend = new ClusterBackend(
      cluster,
      setup(cluster as unknown as Emitter, false, 'the cluster', optionsOf(cluster)),
    );
    return { backend, secrets };
  }
  if (options.sentinel !== undefined) {
    const sentinel = options.sentinel;
    const backend = new SentinelBackend(
      sentinel,
      setup(sentinel as unknown as Emitter, false, 'the sentinel master', optionsOf(sentinel)),
    );
    return { backend, secrets };
  }
  if (clusterNodes !== undefined) {
    const nodes = parseRedisNodes(clusterNodes, 'clusterNodes');
    for (const node of nodes) secrets.push(...secretsOf(undefined, node.password));
    // Credentials and TLS of the first node apply to every node (node-redis discovers the others).
    const { socket: firstSocket, ...credentials } = clientOptionsOf(nodes[0]!);
    const cluster: NodeRedisCluster = createCluster({
      rootNodes: nodes.map(({ host, port }) => ({ socket: { host, port } })),
      defaults: {
        ...created,
        ...credentials,
        socket: { ...created.socket, ...(firstSocket.tls === true ? { tls: true } : {}) },
      } as never,
    });
    const backend = new ClusterBackend(
      cluster,
      setup(cluster as unknown as Emitter, true, describeNodes(nodes)),
    );
    return { backend, secrets };
  }
  if (options.sentinels !== undefined) {
    const sentinels = parseRedisNodes(options.sentinels, 'sentinels');
    const name = options.masterName ?? 'mymaster';
    for (const node of sentinels) secrets.push(...secretsOf(undefined, node.password));
    // Credentials and TLS of the first sentinel given as a URL log in to the sentinels.
    const { socket: sentinelSocket, ...sentinelCredentials } = clientOptionsOf(sentinels[0]!);
    const sentinel: NodeRedisSentinel = createSentinel({
      name,
      sentinelRootNodes: sentinels.map(({ host, port }) => ({ host, port })),
      nodeClientOptions: created as never,
      sentinelClientOptions: {
        ...created,
        ...sentinelCredentials,
        socket: { ...created.socket, ...(sentinelSocket.tls === true ? { tls: true } : {}) },
      } as never,
    });
    const address = `master '${name}' of sentinels ${describeNodes(sentinels)}`;
    const backend = new SentinelBackend(
      sentinel,
      setup(sentinel as unknown as Emitter, true, address),
    );
    return { backend, secrets };
  }
  const { url } = resolveRedisUrl({ url: options.url });
  const parts = parseRedisUrl(url);
  secrets.push(...secretsOf(url));
  const { socket, ...credentials } = clientOptionsOf(parts);
  const client: NodeRedisClient = createClient({
    ...created,
    ...credentials,
    ...(parts.db === undefined ? {} : { database: parts.db }),
    socket: { ...socket, ...created.socket },
  } as never);
  const backend = new StandaloneBackend(
    client,
    setup(client as unknown as Emitter, true, redactUrl(url)),
  );
  return { backend, secrets };
}

/** node-redis connection options from the parts of a URL: socket, credentials and TLS. */
function clientOptionsOf(parts: Omit<RedisUrlParts, 'db'>): {
  socket: { host: string; port: number; tls?: true };
  username?: string;
  password?: string;
} {
  return {
    socket: { host: parts.host, port: parts.port, ...(parts.tls ? { tls: true as const } : {}) },
    ...(parts.username === undefined ? {} : { username: parts.username }),
    ...(parts.password === undefined ? {} : { password: parts.password }),
  };
}

/** The options a cluster or sentinel client was created with, where node-redis keeps them. */
function optionsOf(
  target: object,
): { readonly commandOptions?: { readonly timeout?: number } } | undefined {
  return (target as { options?: { commandOptions?: { timeout?: number } } }).options;
}

function passwordOf(options: Partial<RedisClientOptions> | undefined): string | undefined {
  return typeof options?.password === 'string' ? options.password : undefined;
}

function describeClient(client: NodeRedisClient): string {
  const socket = client.options?.socket as { host?: string; port?: number } | undefined;
  if (client.options?.url !== undefined) return redactUrl(client.options.url);
  return `${socket?.host ?? 'localhost'}:${socket?.port ?? 6379}`;
}
