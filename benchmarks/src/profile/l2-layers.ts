import { createCache, type L2Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { interleave, ratioTo, timeOps } from '../interleave.js';
import { L2_KEYS, L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';

/**
 * Where the L2 hit's time goes, layer by layer, in interleaved rounds: the raw client
 * (GET + JSON.parse), the store alone (`store.get` + JSON.parse of the bytes), and the whole cache
 * (`cache.get` with a no-op L1), for `ioredisStore({ client })`, `ioredisStore({ url })` and
 * `nodeRedisStore({ client })`: `node --conditions=@multi-tier-cache/source --import tsx
 * src/profile/l2-layers.ts [callers]`.
 */
const callers = Number(process.argv[2] ?? '1');
const ops = callers === 1 ? 3000 : 20_000;
const redis = await startRedis();
const url = redis.url;
const rawClient = new Redis(url);
const ioClient = new Redis(url);
const nrClient = await createClient({ url }).connect();
const stores: Record<string, L2Store> = {
  ioredis: ioredisStore({ client: ioClient, prefix: 'io:' }),
  'ioredis url': ioredisStore({ url, prefix: 'iou:' }),
  'node-redis': nodeRedisStore({ client: nrClient, prefix: 'nr:' }),
};
const decoder = new TextDecoder();
const contenders = [
  {
    name: 'raw ioredis GET + JSON.parse',
    read: async (key: string) => JSON.parse((await rawClient.get(`raw:${key}`))!),
  },
];
for (const key of L2_KEYS) await rawClient.set(`raw:${key}`, JSON.stringify(L2_VALUE), 'EX', 3600);
for (const [name, store] of Object.entries(stores)) {
  const cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  for (const key of L2_KEYS) await cache.set(key, L2_VALUE, { ttl: '1h' });
  contenders.push(
    {
      name: `${name} store.get + JSON.parse`,
      read: async (key) => JSON.parse(decoder.decode((await store.get(key))!.value)),
    },
    { name: `${name} cache.get (no-op L1)`, read: (key) => cache.get(key) },
  );
}
const samples = await interleave(
  contenders.map(({ name, read }) => ({
    name,
    sample: () => timeOps((i) => read(L2_KEYS[i % L2_KEYS.length]!), ops, callers),
  })),
  7,
);
for (const sample of samples) {
  const ratio = ratioTo(sample, samples[0]!);
  console.log(
    `${sample.name.padEnd(36)} ${(sample.median / 1000).toFixed(2)} µs/op  ${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`,
  );
}
rawClient.disconnect();
ioClient.disconnect();
nrClient.destroy();
await redis.stop();
process.exit(0);
