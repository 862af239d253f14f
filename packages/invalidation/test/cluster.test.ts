import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { inject } from 'vitest';
import { ioredisTransport, nodeRedisTransport, redisBus } from '../src/index.js';
import { busContract } from './bus-contract.js';
import { uniqueChannel } from './helpers.js';

const nodes = inject('clusterNodes');

for (const sharded of [false, true]) {
  const mode = sharded ? 'sharded (SPUBLISH)' : 'classic (PUBLISH)';

  busContract(`ioredis Cluster, ${mode}`, async (count) => {
    const channel = uniqueChannel();
    const clients = Array.from({ length: count }, () => new Cluster(nodes));
    const buses = clients.map((client) =>
      redisBus({ transport: ioredisTransport({ client, sharded }), channel }),
    );
    await Promise.all(buses.map((bus) => bus.ready));
    return {
      buses,
      close: async () => {
        await Promise.all(buses.map((bus) => bus.close()));
        for (const client of clients) client.disconnect();
      },
    };
  });

  busContract(`node-redis cluster, ${mode}`, async (count) => {
    const channel = uniqueChannel();
    const clients = await Promise.all(
      Array.from({ length: count }, () =>
        createCluster({
          rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        }).connect(),
      ),
    );
    const buses = clients.map((client) =>
      redisBus({ transport: nodeRedisTransport({ client, sharded }), channel }),
    );
    await Promise.all(buses.map((bus) => bus.ready));
    return {
      buses,
      close: async () => {
        await Promise.all(buses.map((bus) => bus.close()));
        for (const client of clients) client.destroy();
      },
    };
  });
}
