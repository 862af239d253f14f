import { createKeyv as createKeyvRedis } from '@keyv/redis';
import { createCache } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { createCache as createCacheManager } from 'cache-manager';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { fmtNs } from '../harness.js';
import { type Contender, interleave } from '../interleave.js';
import { L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';
import { nodeRedisOptions } from '../peers.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const CALLS = 300;
const KEYS = Array.from({ length: 100 }, (_, i) => `many:${i}`);

/**
 * `getMany` of 100 keys with L1 empty (a no-op L1: every key goes to Redis), against raw ioredis
 * `MGET` + `JSON.parse` of each of the same 100 values, in interleaved rounds; cache-manager's
 * `mget` (node-redis through `@keyv/redis`, no L1) beside them.
 */
export async function getManyReport(url: string): Promise<PathReport> {
  const raw = new Redis(url);
  const ioredisClient = new Redis(url);
  const nodeRedisClient = await createClient({ url }).connect();
  const viaIoredis = createCache({
    l1: noopL1Store(),
    l2: [ioredisStore({ client: ioredisClient, prefix: 'many-io:' })],
    timeout: 5000,
  });
  const viaNodeRedis = createCache({
    l1: noopL1Store(),
    l2: [nodeRedisStore({ client: nodeRedisClient, prefix: 'many-nr:' })],
    timeout: 5000,
  });
  const cacheManager = createCacheManager({
    stores: [createKeyvRedis(nodeRedisOptions(url), { namespace: 'many-cm' })],
  });
  try {
    const json = JSON.stringify(L2_VALUE);
    const rawKeys = KEYS.map((key) => `many-raw:${key}`);
    await raw.mset(Object.fromEntries(rawKeys.map((key) => [key, json])));
    const entries = KEYS.map((key) => ({ key, value: L2_VALUE, ttl: 3_600_000 }));
    await viaIoredis.setMany(entries);
    await viaNodeRedis.setMany(entries);
    await cacheManager.mset(KEYS.map((key) => ({ key, value: L2_VALUE, ttl: 3_600_000 })));
    const reads: [string, () => Promise<readonly unknown[]>][] = [
      ['raw ioredis MGET', async () => (await raw.mget(rawKeys)).map((v) => JSON.parse(v!))],
      ['ioredisStore({ client })', () => viaIoredis.getMany(KEYS)],
      ['nodeRedisStore({ client })', () => viaNodeRedis.getMany(KEYS)],
      ['cache-manager', () => cacheManager.mget(KEYS)],
    ];
    for (const [name, read] of reads) {
      const values = await read();
      if (values.length !== KEYS.length || values.some((v) => v === undefined)) {
        throw new Error(`${name}: getMany did not return every value`);
      }
      if (JSON.stringify(values[99]) !== json) throw new Error(`${name}: wrong value`);
    }
    const contenders: Contender[] = reads.map(([name, read]) => ({
      name,
      sample: async () => {
        const started = process.hrtime.bigint();
        for (let i = 0; i < CALLS; i++) await read();
        return Number(process.hrtime.bigint() - started) / CALLS;
      },
    }));
    const [baseline, io, nr, cm] = await interleave(contenders, ROUNDS);
    return {
      path: 'getMany of 100 keys, L1 empty',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)}/call`,
      baseline: baseline!,
      otherRaws: [],
      ours: [io!, nr!],
      peers: [cm!],
      target: { bound: 1.2, label: '≤ 1.20×' },
    };
  } finally {
    await viaIoredis.close();
    await viaNodeRedis.close();
    await cacheManager.disconnect();
    raw.disconnect();
    ioredisClient.disconnect();
    await nodeRedisClient.destroy();
  }
}
