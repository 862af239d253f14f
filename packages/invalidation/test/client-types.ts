// Type-level check, compiled by `tsc -p packages/invalidation/tsconfig.json` (never run): every
// client kind of both libraries is accepted by its transport.
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { ioredisTransport, nodeRedisTransport } from '../src/index.js';

export function acceptsEveryClientKind(): void {
  nodeRedisTransport({ client: createClient() });
  nodeRedisTransport({ client: createCluster({ rootNodes: [] }) });
  ioredisTransport({ client: new Redis({ lazyConnect: true }) });
  ioredisTransport({ client: new Cluster([], { lazyConnect: true }) });
}
