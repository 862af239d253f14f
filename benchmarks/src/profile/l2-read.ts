import { createCache, type L2Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { timeOps } from '../interleave.js';
import { L2_KEYS, L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';

/**
 * One contender's L2 hit alone, for `node --cpu-prof`: from benchmarks/, `node --conditions=
 * @multi-tier-cache/source --import tsx --cpu-prof src/profile/l2-read.ts <store> <callers> [ops]`,
 * store `client` (ioredisStore({ client })), `url` (ioredisStore({ url })), `node-redis`
 * (nodeRedisStore({ client })) or `raw` (ioredis GET + JSON.parse).
 */
const [which = 'client', callersArg = '1', opsArg = '200000'] = process.argv.slice(2);
const callers = Number(callersArg);
const ops = Number(opsArg);
const redis = await startRedis();
const url = redis.url;
let read: (key: string) => Promise<unknown>;
let close: () => Promise<unknown>;
if (which === 'raw') {
  const client = new Redis(url);
  for (const key of L2_KEYS) await client.set(`raw:${key}`, JSON.stringify(L2_VALUE), 'EX', 3600);
  read = async (key) => JSON.parse((await client.get(`raw:${key}`))!);
  close = async () => client.disconnect();
} else {
  let store: L2Store;
  let closeClient: () => Promise<unknown> = async () => {};
  if (which === 'url') store = ioredisStore({ url });
  else if (which === 'node-redis') {
    const client = await createClient({ url }).connect();
    store = nodeRedisStore({ client });
    closeClient = async () => client.destroy();
  } else {
    const client = new Redis(url);
    store = ioredisStore({ client });
    closeClient = async () => client.disconnect();
  }
  const cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  for (const key of L2_KEYS) await cache.set(key, L2_VALUE, { ttl: '1h' });
  read = (key) => cache.get(key);
  close = async () => {
    await cache.close();
    await closeClient();
  };
}
await timeOps((i) => read(L2_KEYS[i % L2_KEYS.length]!), 5000, callers);
const ns = await timeOps((i) => read(L2_KEYS[i % L2_KEYS.length]!), ops, callers);
console.log(
  `${which}, ${callers} caller(s): ${(ns / 1000).toFixed(2)} µs/op, ${Math.round(1e9 / ns)} ops/s`,
);
const stats = new Redis(url);
const commands = (await stats.info('commandstats'))
  .split('\n')
  .filter((line) => /cmdstat_(get|mget|evalsha):/.test(line))
  .map((line) => line.replace(/,usec_per_call.*/, '').trim());
console.log(`Redis saw: ${commands.join('; ')}`);
stats.disconnect();
await close();
await redis.stop();
process.exit(0);
