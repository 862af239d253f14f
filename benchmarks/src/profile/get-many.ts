import { createCache } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';

/**
 * `getMany` of 100 keys with L1 empty, alone, for `node --cpu-prof`: from benchmarks/, `node
 * --conditions=@multi-tier-cache/source --import tsx --cpu-prof src/profile/get-many.ts <which>
 * [calls]`, which `client` (ioredisStore({ client })), `node-redis` (nodeRedisStore({ client }))
 * or `raw` (ioredis MGET + JSON.parse of each value).
 */
const [which = 'client', callsArg = '20000'] = process.argv.slice(2);
const calls = Number(callsArg);
const keys = Array.from({ length: 100 }, (_, i) => `many:${i}`);
const redis = await startRedis();
const url = redis.url;
let read: () => Promise<readonly unknown[]>;
let close: () => Promise<unknown>;
if (which === 'raw') {
  const client = new Redis(url);
  const rawKeys = keys.map((key) => `raw:${key}`);
  await client.mset(Object.fromEntries(rawKeys.map((key) => [key, JSON.stringify(L2_VALUE)])));
  read = async () => (await client.mget(rawKeys)).map((value) => JSON.parse(value!));
  close = async () => client.disconnect();
} else {
  let closeClient: () => Promise<unknown>;
  let store: ReturnType<typeof ioredisStore>;
  if (which === 'node-redis') {
    const client = await createClient({ url }).connect();
    store = nodeRedisStore({ client });
    closeClient = async () => client.destroy();
  } else {
    const client = new Redis(url);
    store = ioredisStore({ client });
    closeClient = async () => client.disconnect();
  }
  const cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  await cache.setMany(keys.map((key) => ({ key, value: L2_VALUE, ttl: 3_600_000 })));
  read = () => cache.getMany(keys);
  close = async () => {
    await cache.close();
    await closeClient();
  };
}
const check = await read();
if (check.length !== keys.length || check.some((value) => value === undefined)) {
  throw new Error(`${which}: getMany did not return every value`);
}
for (let i = 0; i < 500; i++) await read();
const started = process.hrtime.bigint();
for (let i = 0; i < calls; i++) await read();
const ns = Number(process.hrtime.bigint() - started) / calls;
console.log(`${which}: ${(ns / 1000).toFixed(1)} µs/call of 100 keys`);
await close();
await redis.stop();
process.exit(0);
