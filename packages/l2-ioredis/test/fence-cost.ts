/**
 * What fencing costs a compute-write: `set` against `setIfNotNewer` on real servers, sequential
 * (latency per call) and 64 in flight (throughput). Not a test; run it by hand:
 *   pnpm exec tsx --conditions=@multi-tier-cache/source packages/l2-ioredis/test/fence-cost.ts
 */
import type { L2Store } from '@multi-tier-cache/core';
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { startMemcached, startRedis } from '@multi-tier-cache/test-servers';
import { ioredisStore } from '../src/index.js';

const CALLS = 20_000;
const IN_FLIGHT = 64;
const value = new TextEncoder().encode(JSON.stringify({ id: 1, name: 'Ada', roles: ['admin'] }));

async function sequential(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await run(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await run(i);
  return Number(process.hrtime.bigint() - start) / 1000 / CALLS;
}

async function concurrent(run: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await run(next++);
    }),
  );
  return CALLS / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function measure(name: string, store: L2Store): Promise<void> {
  const keys = Array.from({ length: 100 }, (_, i) => `bench:${i}`);
  const set = (i: number) => store.set(keys[i % 100]!, value, 60_000);
  // A computation that started after every earlier write: the fenced write always lands.
  const fenced = (i: number) =>
    store.setIfNotNewer!(keys[i % 100]!, value, 60_000, Date.now() + 60_000);
  const rows = [
    ['set', await sequential(set), await concurrent(set)],
    ['setIfNotNewer', await sequential(fenced), await concurrent(fenced)],
    ['set', await sequential(set), await concurrent(set)],
    ['setIfNotNewer', await sequential(fenced), await concurrent(fenced)],
    ['set', await sequential(set), await concurrent(set)],
    ['setIfNotNewer', await sequential(fenced), await concurrent(fenced)],
  ] as const;
  for (const [operation, micros, perSecond] of rows) {
    console.log(
      `${name.padEnd(11)} ${operation.padEnd(14)} ${micros.toFixed(1).padStart(7)} µs/call  ${Math.round(perSecond).toString().padStart(7)} calls/s (${IN_FLIGHT} in flight)`,
    );
  }
  await store.clear();
  await store.close();
}

const redis = await startRedis();
const memcached = await startMemcached();
try {
  console.log(
    `load average before: ${(await import('node:os'))
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  await measure('ioredis', ioredisStore({ url: redis.url, prefix: 'cost:', coalesceReads: false }));
  await measure('node-redis', nodeRedisStore({ url: redis.url, prefix: 'cost:' }));
  await measure('memcached', memcachedStore({ servers: memcached.url, prefix: 'cost:' }));
  console.log(
    `load average after: ${(await import('node:os'))
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await redis.stop();
  await memcached.stop();
}
