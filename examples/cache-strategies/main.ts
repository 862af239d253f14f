/**
 * Cache strategies: the Rust crate's TTL presets, a custom TTL and a plain `{ ttl }`, with the TTL
 * Redis reports for each key (PTTL) and the TTL the in-process L1 got (capped at 5 minutes by
 * default, as in the Rust crate).
 *
 * Run: pnpm --filter @multi-tier-cache/examples run cache-strategies
 */
import { strict as assert } from 'node:assert';
import { CacheStrategy, createCache, parseTtl, type TtlOption } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { formatMs } from '../shared/format.js';
import { closeRedis, connectRedis } from '../shared/redis-client.js';
import { runExample } from '../shared/run-example.js';

const L1_MAX_TTL_MS = parseTtl('5m');

interface Case {
  readonly label: string;
  readonly key: string;
  readonly ttl: TtlOption | undefined;
  readonly expectedMs: number;
}

const cases: readonly Case[] = [
  { label: 'RealTime', key: 'price:btc', ttl: CacheStrategy.RealTime, expectedMs: 10_000 },
  { label: 'ShortTerm', key: 'user:1:session', ttl: CacheStrategy.ShortTerm, expectedMs: 300_000 },
  {
    label: 'MediumTerm',
    key: 'catalog:page:1',
    ttl: CacheStrategy.MediumTerm,
    expectedMs: 3_600_000,
  },
  {
    label: 'LongTerm',
    key: 'config:features',
    ttl: CacheStrategy.LongTerm,
    expectedMs: 10_800_000,
  },
  {
    label: "Custom('45m')",
    key: 'report:weekly',
    ttl: CacheStrategy.Custom('45m'),
    expectedMs: 2_700_000,
  },
  { label: "{ ttl: '30s' }", key: 'rate:limit:42', ttl: { ttl: '30s' }, expectedMs: 30_000 },
  { label: 'none (defaultTtl)', key: 'misc:default', ttl: undefined, expectedMs: 300_000 },
];

await runExample('cache-strategies', async ({ redisUrl, defer }) => {
  const prefix = 'examples:strategies:';
  const l1 = lruStore();
  const cache = createCache({ l1, l2: [ioredisStore({ url: redisUrl, prefix })] });
  defer(() => cache.close());
  const redis = connectRedis(redisUrl); // only to ask Redis for PTTL
  defer(() => closeRedis(redis));
  await cache.clear();

  console.log(`\n${'strategy'.padEnd(20)}${'key'.padEnd(18)}${'Redis PTTL'.padEnd(22)}L1 TTL`);
  for (const { label, key, ttl, expectedMs } of cases) {
    await cache.set(key, { key, at: Date.now() }, ttl);
    const pttl = await redis.pttl(prefix + key);
    const l1Ttl = l1.getWithTtl(key)?.ttlMs ?? 0;
    console.log(
      `${label.padEnd(20)}${key.padEnd(18)}${`${pttl} ms (${formatMs(pttl)})`.padEnd(22)}${formatMs(l1Ttl)}`,
    );
    assert.ok(
      pttl <= expectedMs && pttl > expectedMs - 5000,
      `${label}: Redis should report about ${expectedMs} ms, got ${pttl}`,
    );
    const expectedL1 = Math.min(expectedMs, L1_MAX_TTL_MS);
    assert.ok(
      l1Ttl <= expectedL1 && l1Ttl > expectedL1 - 5000,
      `${label}: L1 should hold it for about ${expectedL1} ms, got ${l1Ttl}`,
    );
  }
  console.log('\nL1 keeps entries at most 5 min (option l1MaxTtl); Redis keeps the full TTL.');

  // getOrCompute takes the same strategies.
  await cache.getOrCompute('price:eth', () => 3_100, CacheStrategy.RealTime);
  const ethTtl = await redis.pttl(`${prefix}price:eth`);
  console.log(`getOrCompute('price:eth', ..., RealTime) -> Redis PTTL ${ethTtl} ms`);
  assert.ok(ethTtl <= 10_000 && ethTtl > 5_000);
});
