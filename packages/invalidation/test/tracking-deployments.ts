import { randomUUID } from 'node:crypto';
import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import {
  ioredisTransport,
  type NodeRedisClientLike,
  nodeRedisTransport,
  type RedisBus,
  type RedisBusOptions,
  redisBus,
} from '../src/index.js';
import { uniqueChannel } from './helpers.js';

/** Two caches (L1 only) whose buses track `prefix`, and a raw client to write Redis with. */
export interface TrackedPair {
  readonly caches: readonly MultiTierCache[];
  readonly buses: readonly RedisBus[];
  readonly prefix: string;
  /** A raw client of the same deployment, for writes no cache knows about. */
  readonly raw: Redis | Cluster;
  close(): Promise<void>;
}

export type Deployment =
  | { readonly kind: 'standalone'; readonly url: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly { host: string; port: number }[] };

/** Builds a {@link TrackedPair} on `client` ('ioredis' or 'node-redis') against `deployment`. */
export async function trackedPair(
  client: 'ioredis' | 'node-redis',
  deployment: Deployment,
  extra: Partial<RedisBusOptions> = {},
): Promise<TrackedPair> {
  const prefix = `mtc-test-${randomUUID().slice(0, 8)}:`;
  const channel = uniqueChannel();
  const closers: (() => unknown)[] = [];
  const buses: RedisBus[] = [];
  for (let i = 0; i < 2; i++) {
    const transport =
      client === 'ioredis'
        ? ioredisTransport({ client: ioredisClient(deployment, closers) })
        : nodeRedisTransport({ client: await nodeRedisClient(deployment, closers) });
    buses.push(redisBus({ transport, channel, tracking: { prefixes: [prefix] }, ...extra }));
  }
  await Promise.all(buses.map((bus) => bus.ready));
  const caches = buses.map((bus) => createCache({ l1: memoryL1Store(), bus }));
  const raw = ioredisClient(deployment, closers);
  return {
    caches,
    buses,
    prefix,
    raw,
    async close() {
      await Promise.all(caches.map((cache) => cache.close()));
      await Promise.all(buses.map((bus) => bus.close()));
      for (const close of closers) close();
    },
  };
}

function ioredisClient(deployment: Deployment, closers: (() => unknown)[]): Redis | Cluster {
  const client =
    deployment.kind === 'standalone'
      ? new Redis(deployment.url)
      : new Cluster(deployment.nodes.map(({ host, port }) => ({ host, port })));
  client.on('error', () => {});
  closers.push(() => client.disconnect());
  return client;
}

async function nodeRedisClient(
  deployment: Deployment,
  closers: (() => unknown)[],
): Promise<NodeRedisClientLike> {
  const client =
    deployment.kind === 'standalone'
      ? createClient({ url: deployment.url })
      : createCluster({
          rootNodes: deployment.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        });
  client.on('error', () => {});
  await client.connect();
  closers.push(() => client.destroy());
  return client as unknown as NodeRedisClientLike;
}
