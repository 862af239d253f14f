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

/** A backend, the passwords its errors must never show, and what its calls reject with. */
export interface Connection {
  readonly backend: Backend;
  readonly secrets: readonly string[];
  /**
   * The error a store call rejects with: a connection failure described from the connection's
   * last real error (`ECONNREFUSED 127.0.0.1:1`, `NOAUTH`, `DB index out of range`) instead of
   * "not connected" or "The client is closed", anything else as it came; passwords hidden.
   */
  readonly failure: (error: unknown) => unknown;
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
  // The last error the connection reported, until it is ready again: a call on a connection that
  // is down only learns "not connected", this says why.
  let lastError: unknown;
  let where = 'Redis';
  const storeName = options.name ?? 'node-redis';
  const failure = (error: unknown): unknown => {
    const aboutConnection =
      isConnectionError(error) || (error instanceof CacheError && error.code === 'tier-failure');
    if (!aboutConnection) return redactError(error, secrets);
    const reason = redactError(lastError ?? error, secrets);
    if (lastError === undefined && error instanceof CacheError) return reason;
    return new CacheError(
      'tier-failure',
      `${storeName}: ${describeConnectionError(reason, addressOf(reason, where))}`,
      { cause: reason },
    );
  };
  /**
   * Listens to `target` and starts connecting it. `where` names the server in messages
   * (`127.0.0.1:6379`); `single` marks one server, where the first refused attempt already says
   * Redis is away (a cluster or sentinel client may report one node's error and still connect).
   */
  const setup = (
    target: Emitter,
    given: {
      readonly owned: boolean;
      readonly address: string;
      readonly where: string;
      readonly single: boolean;
      readonly configured?: { readonly commandOptions?: { readonly timeout?: number } };
    },
  ): ConnectionSetup => {
    const { owned, address, configured } = given;
    where = given.where;
    const listener = (error: unknown) => {
      lastError = error;
      onError(error);
    };
    const ready = () => {
      lastError = undefined;
    };
    target.on('error', listener);
    target.on('ready', ready);
    const retrying = target.isOpen
      ? undefined
      : connectWithRetry(
          () => target.connect(),
          () => stopped,
          backoff,
          (error) => {
            lastError = error;
            onError(error);
          },
        );
    const connecting =
      retrying !== undefined && given.single ? firstAttempt(target, retrying) : retrying;
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
        if (owned) return;
        target.off('error', listener);
        target.off('ready', ready);
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
      setup(client as unknown as Emitter, {
        owned: false,
        address: describeClient(client),
        where: hostPortOf(client),
        single: true,
        configured: client.options,
      }),
    );
    return { backend, secrets, failure };
  }
  if (options.cluster !== undefined) {
    const cluster = options.cluster;
    const backend = new ClusterBackend(
      cluster,
      setup(cluster as unknown as Emitter, {
        owned: false,
        address: 'the cluster',
        where: 'the cluster',
        single: false,
        configured: optionsOf(cluster),
      }),
    );
    return { backend, secrets, failure };
  }
  if (options.sentinel !== undefined) {
    const sentinel = options.sentinel;
    const backend = new SentinelBackend(
      sentinel,
      setup(sentinel as unknown as Emitter, {
        owned: false,
        address: 'the sentinel master',
        where: 'the sentinel master',
        single: false,
        configured: optionsOf(sentinel),
      }),
    );
    return { backend, secrets, failure };
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
      setup(cluster as unknown as Emitter, {
        owned: true,
        address: describeNodes(nodes),
        where: `the cluster ${describeNodes(nodes)}`,
        single: false,
      }),
    );
    return { backend, secrets, failure };
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
      setup(sentinel as unknown as Emitter, {
        owned: true,
        address,
        where: address,
        single: false,
      }),
    );
    return { backend, secrets, failure };
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
    setup(client as unknown as Emitter, {
      owned: true,
      address: redactUrl(url),
      where: `${parts.host}:${parts.port}`,
      single: true,
    }),
  );
  return { backend, secrets, failure };
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
  if (client.options?.url !== undefined) return redactUrl(client.options.url);
  return hostPortOf(client);
}

function hostPortOf(client: NodeRedisClient): string {
  if (client.options?.url !== undefined) {
    const { host, port } = parseRedisUrl(client.options.url);
    return `${host}:${port}`;
  }
  const socket = client.options?.socket as { host?: string; port?: number } | undefined;
  return `${socket?.host ?? 'localhost'}:${socket?.port ?? 6379}`;
}

/**
 * The store's own connection attempt as the gate sees it: it settles with the first attempt, so
 * calls made while Redis refuses the connection reject at once (naming why) instead of each
 * waiting for the connect timeout; `connectWithRetry` goes on trying in the background.
 */
function firstAttempt(target: Emitter, connecting: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (error: unknown) => {
      target.off('error', failed);
      reject(error);
    };
    target.on('error', failed);
    connecting.then(() => {
      target.off('error', failed);
      resolve();
    });
  });
}
