import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { test } from 'vitest';
import { ioredisTransport, nodeRedisTransport } from '../src/index.js';

test('accepts every client kind of both libraries', () => {
  nodeRedisTransport({ client: createClient() });
  nodeRedisTransport({ client: createCluster({ rootNodes: [] }) });
  ioredisTransport({ client: new Redis({ lazyConnect: true }) });
  ioredisTransport({ client: new Cluster([], { lazyConnect: true }) });
});
