import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { inject } from 'vitest';
import { ioredisTransport, nodeRedisTransport, redisBus } from '../src/index.js';
import { busContract } from './bus-contract.js';
import { uniqueChannel } from './helpers.js';

const url = inject('redisUrl');

busContract('ioredis, shared client', async (count) => {
  const channel = uniqueChannel();
  const clients = Array.from({ length: count }, () => new Redis(url));
  const buses = clients.map((client) =>
    redisBus({ transport: ioredisTransport({ client }), channel }),
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

busContract('ioredis, url, signed', async (count) => {
  const channel = uniqueChannel();
  const buses = Array.from({ length: count }, () =>
    redisBus({ transport: ioredisTransport({ url }), channel, secret: 'shared-secret' }),
  );
  await Promise.all(buses.map((bus) => bus.ready));
  return { buses, close: async () => void (await Promise.all(buses.map((bus) => bus.close()))) };
});

busContract('node-redis, shared client', async (count) => {
  const channel = uniqueChannel();
  const clients = await Promise.all(
    Array.from({ length: count }, () => createClient({ url }).connect()),
  );
  const buses = clients.map((client) =>
    redisBus({ transport: nodeRedisTransport({ client }), channel }),
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

busContract('node-redis, url, sharded', async (count) => {
  const channel = uniqueChannel();
  const buses = Array.from({ length: count }, () =>
    redisBus({ transport: nodeRedisTransport({ url, sharded: true }), channel }),
  );
  await Promise.all(buses.map((bus) => bus.ready));
  return { buses, close: async () => void (await Promise.all(buses.map((bus) => bus.close()))) };
});
