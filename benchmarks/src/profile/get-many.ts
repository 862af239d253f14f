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
 * [calls]`, which `client` (ioredisStore({ client })), `node-redis` (nodeRedisStore({ client })),
 * `raw` (ioredis MGET + JSON.parse of each value) or `raw-buffers` (the same MGET answered as
 * Buffers, as the stores read it, then toString + JSON.parse). Prints wall time and this
 * process's CPU time per call: on a loaded machine, compare CPU times.
 */
const [which = 'client', callsArg = '20000'] = process.argv.slice(2);
const calls = Number(callsArg);
const keys = Array.from({ length: 100 }, (_, i) => `many:${i}`);
const redis = await startRedis();
const url = redis.url;
let read: () => Promise<readonly unknown[]>;
let close: () => Promise<unknown>;
if (which === 'raw' || which === 'raw-buffers') {
  const client = new Redis(url);
  const rawKeys = keys.map((key) => `raw:${key}`);
  await client.mset(Object.fromEntries(rawKeys.map((key) => [key, JSON.stringify(L2_VALUE)])));
  read =
    which === 'raw'
      ? async () => (await client.mget(rawKeys)).map((value) => JSON.parse(value!))
      : async () =>
          (await client.mgetBuffer(rawKeys)).map((value) => JSON.parse(value!.toString()));
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
const cpuBefore = process.cpuUsage();
for (let i = 0; i < calls; i++) await read();
const cpu = process.cpuUsage(cpuBefore);
const ns = Number(process.hrtime.bigint() - started) / calls;
// CPU time of this process (user + system) varies far less with the machine's load than wall
// time: it is what the client and the cache cost, the server's share left out.
const cpuUs = (cpu.user + cpu.system) / calls;
console.log(
  `${which}: ${(ns / 1000).toFixed(1)} µs/call of 100 keys, ${cpuUs.toFixed(1)} µs CPU/call`,
);
await close();
await redis.stop();
process.exit(0);
