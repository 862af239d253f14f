import { randomUUID } from 'node:crypto';
import { busSuite } from '@multi-tier-cache/conformance';
import type { Bus } from '@multi-tier-cache/core';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import * as vitest from 'vitest';
import { ioredisTransport, nodeRedisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel } from './helpers.js';

const url = vitest.inject('redisUrl');
const nodes = vitest.inject('clusterNodes');

/** Connection name of each bus, so `reconnect` can kill exactly its subscriber connection. */
const names = new WeakMap<Bus, string>();
/** What to close with each bus (the clients the test made and passed in). */
const owned = new WeakMap<Bus, () => void>();

function track(bus: RedisBus, name: string, close: () => void): RedisBus {
  names.set(bus, name);
  owned.set(bus, close);
  const closeBus = bus.close.bind(bus);
  return Object.assign(bus, {
    close: async () => {
      await closeBus();
      close();
    },
  });
}

/** Kills the bus's subscriber connection (CLIENT KILL), as a network failure would. */
async function reconnect(bus: Bus): Promise<void> {
  const admin = new Redis(url);
  try {
    const list = (await admin.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${names.get(bus)} `) && subscribed(line))
      .map((line) => /id=(\d+)/.exec(line)![1]!);
    if (ids.length === 0) throw new Error('no subscriber connection found');
    for (const id of ids) await admin.client('KILL', 'ID', id);
  } finally {
    admin.disconnect();
  }
}

/** True for a CLIENT LIST line of a connection subscribed to a channel or shard channel. */
function subscribed(line: string): boolean {
  return /\bsub=[1-9]/.test(line) || /\bssub=[1-9]/.test(line);
}

async function ready(buses: RedisBus[]): Promise<RedisBus[]> {
  await Promise.all(buses.map((bus) => bus.ready));
  return buses;
}

busSuite(vitest, {
  name: 'redisBus on ioredis (shared client)',
  reconnect,
  createBuses: async (count) => {
    const channel = uniqueChannel();
    return ready(
      Array.from({ length: count }, () => {
        const name = `bus-${randomUUID()}`;
        const client = new Redis(url, { connectionName: name });
        const bus = redisBus({ transport: ioredisTransport({ client }), channel });
        return track(bus, name, () => client.disconnect());
      }),
    );
  },
});

busSuite(vitest, {
  name: 'redisBus on node-redis (shared client)',
  reconnect,
  createBuses: async (count) => {
    const channel = uniqueChannel();
    const buses = await Promise.all(
      Array.from({ length: count }, async () => {
        const name = `bus-${randomUUID()}`;
        const client = await createClient({ url, name })
          .on('error', () => {})
          .connect();
        const bus = redisBus({ transport: nodeRedisTransport({ client }), channel });
        return track(bus, name, () => client.destroy());
      }),
    );
    return ready(buses);
  },
});

busSuite(vitest, {
  name: 'redisBus on ioredis (url, signed)',
  createBuses: async (count) => {
    const channel = uniqueChannel();
    return ready(
      Array.from({ length: count }, () =>
        redisBus({ transport: ioredisTransport({ url }), channel, secret: 'conformance' }),
      ),
    );
  },
});

busSuite(vitest, {
  name: 'redisBus on node-redis (url, sharded Pub/Sub)',
  createBuses: async (count) => {
    const channel = uniqueChannel();
    return ready(
      Array.from({ length: count }, () =>
        redisBus({ transport: nodeRedisTransport({ url, sharded: true }), channel }),
      ),
    );
  },
});

for (const sharded of [false, true]) {
  const mode = sharded ? 'sharded SPUBLISH' : 'classic PUBLISH';

  busSuite(vitest, {
    name: `redisBus on an ioredis Cluster (${mode})`,
    createBuses: async (count) => {
      const channel = uniqueChannel();
      return ready(
        Array.from({ length: count }, () => {
          const client = new Cluster(nodes);
          const bus = redisBus({ transport: ioredisTransport({ client, sharded }), channel });
          return track(bus, '', () => client.disconnect());
        }),
      );
    },
  });

  busSuite(vitest, {
    name: `redisBus on a node-redis cluster (${mode})`,
    createBuses: async (count) => {
      const channel = uniqueChannel();
      const rootNodes = nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` }));
      const buses = await Promise.all(
        Array.from({ length: count }, async () => {
          const client = await createCluster({ rootNodes }).connect();
          const bus = redisBus({ transport: nodeRedisTransport({ client, sharded }), channel });
          return track(bus, '', () => client.destroy());
        }),
      );
      return ready(buses);
    },
  });
}

for (const client of ['ioredis', 'node-redis'] as const) {
  busSuite(vitest, {
    // Without `reconnect`: after a gap this bus replays instead of calling onReconnect
    // (test/replay.test.ts covers it).
    name: `redisBus on ${client} with tracking and replay`,
    createBuses: async (count) => {
      const channel = uniqueChannel();
      const options = {
        channel,
        tracking: { prefixes: [`${channel}:`] },
        replay: { maxLen: 1000 },
      };
      return ready(
        Array.from({ length: count }, () =>
          redisBus({
            transport:
              client === 'ioredis' ? ioredisTransport({ url }) : nodeRedisTransport({ url }),
            ...options,
          }),
        ),
      );
    },
  });
}
