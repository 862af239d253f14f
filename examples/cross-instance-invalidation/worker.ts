/**
 * The second instance of cross-instance-invalidation, started by main.ts: the same cache
 * configuration (lru L1, Redis L2, Redis Pub/Sub bus), answering the parent's questions about
 * what its L1 holds. Not meant to be run on its own.
 */
import { createCache } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { closeRedis, connectRedis } from '../shared/redis-client.js';
import { type L1Snapshot, type ParentMessage, PREFIX, type WorkerMessage } from './protocol.js';

const send = (message: WorkerMessage) => process.send?.(message);
const log = (text: string) => console.log(`  [worker ${process.pid}] ${text}`);

const redisUrl = process.env.REDIS_URL;
if (redisUrl === undefined || process.send === undefined) {
  console.error('worker.ts is started by main.ts (with REDIS_URL and an IPC channel)');
  process.exit(2);
}

const client = connectRedis(redisUrl);
const l1 = lruStore();
const bus = redisBus({ transport: ioredisTransport({ client }) });
const cache = createCache({ l1, l2: [ioredisStore({ url: redisUrl, prefix: PREFIX })], bus });
await bus.ready;
log(`subscribed to ${bus.stats().channel} as instance ${bus.instanceId}`);

/** Reads L1 directly (not through the cache) so the answer never comes from Redis. */
function snapshot(keys: readonly string[]): L1Snapshot {
  const held: L1Snapshot = {};
  for (const key of keys) {
    const value = l1.get(key);
    if (value !== undefined) held[key] = value;
  }
  return held;
}

async function handle(message: ParentMessage): Promise<L1Snapshot> {
  switch (message.type) {
    case 'warm':
      for (const key of message.keys) await cache.get(key);
      log(`read ${message.keys.length} keys from Redis into L1`);
      return snapshot(message.keys);
    case 'snapshot':
      return snapshot(message.keys);
    case 'broadcast':
      await cache.setWithBroadcast(message.key, message.value, { ttl: '1m' });
      log(`setWithBroadcast(${message.key}, ${JSON.stringify(message.value)})`);
      return snapshot([message.key]);
    case 'exit':
      await cache.close(); // closes the bus and the store's connection
      await closeRedis(client); // the client we gave the transport is ours to close
      log('closed the cache and Redis connection');
      return {};
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message).then(
    (l1Snapshot) => {
      send({ id: message.id, type: 'reply', l1: l1Snapshot, received: bus.stats().received });
      if (message.type === 'exit') process.disconnect(); // nothing left open: the process ends
    },
    (error: unknown) => {
      send({ id: message.id, type: 'error', message: String(error) });
    },
  );
});

send({ type: 'ready', instanceId: bus.instanceId });
