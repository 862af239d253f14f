import { streamsSuite } from '@multi-tier-cache/conformance';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import * as vitest from 'vitest';
import { ioredisStreams, nodeRedisStreams } from '../src/index.js';

const url = vitest.inject('redisUrl');
const rootNodes = vitest
  .inject('clusterNodes')
  .map(({ host, port }) => ({ url: `redis://${host}:${port}` }));

/** One client per suite, shared by every backend the suite creates; closed at the end. */
function shared<T>(open: () => T, close: (client: T) => unknown): () => T {
  let client: T | undefined;
  vitest.afterAll(async () => {
    if (client !== undefined) await close(client);
  });
  return () => {
    client ??= open();
    return client;
  };
}

const ioredis = shared(
  () => new Redis(url),
  (client) => client.disconnect(),
);
streamsSuite(vitest, { name: 'ioredisStreams', createStreams: () => ioredisStreams(ioredis()) });

const nodeRedis = shared(
  () =>
    createClient({ url })
      .on('error', () => {})
      .connect(),
  async (client) => (await client).destroy(),
);
streamsSuite(vitest, {
  name: 'nodeRedisStreams',
  createStreams: async () => nodeRedisStreams(await nodeRedis()),
});

const ioredisCluster = shared(
  () => new Cluster(vitest.inject('clusterNodes')),
  (client) => client.disconnect(),
);
streamsSuite(vitest, {
  name: 'ioredisStreams on a Cluster',
  createStreams: () => ioredisStreams(ioredisCluster()),
});

const nodeRedisCluster = shared(
  () =>
    createCluster({ rootNodes })
      .on('error', () => {})
      .connect(),
  async (client) => (await client).destroy(),
);
streamsSuite(vitest, {
  name: 'nodeRedisStreams on a cluster',
  createStreams: async () => nodeRedisStreams(await nodeRedisCluster()),
});
