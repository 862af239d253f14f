import { setTimeout as sleep } from 'node:timers/promises';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { fmtNs } from '../harness.js';
import { interleave, timeOps } from '../interleave.js';
import { L2_VALUE } from '../l2-hit.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const OPS = 100_000;
const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const key = (i: number) => KEYS[i % KEYS.length]!;
const failing = (): never => {
  throw new Error('database down');
};

/**
 * A stale value served from L1 while the database is down (grace, in its backoff) against a
 * fresh L1 hit of a cache without grace, and a fresh hit of a graced entry, in interleaved rounds.
 */
export async function staleHitReport(url: string): Promise<PathReport> {
  const client = new Redis(url);
  const plain = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'grace-plain:' })],
  });
  const graced = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'grace-fresh:' })],
    grace: '1h',
  });
  const stale = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'grace-stale:' })],
    grace: '1h',
    graceBackoff: '1h',
  });
  try {
    for (const k of KEYS) {
      await plain.set(k, L2_VALUE, { ttl: '1h' });
      await graced.set(k, L2_VALUE, { ttl: '1h' });
      await stale.set(k, L2_VALUE, { ttl: 20 });
    }
    await sleep(40);
    // One failed computation per key: the stale value answers and the key enters its backoff.
    for (const k of KEYS) {
      if ((await stale.getOrCompute(k, failing)) === undefined) throw new Error('no stale value');
    }
    const [baseline, ...ours] = await interleave(
      [
        {
          name: 'fresh L1 hit, no grace',
          sample: () => timeOps((i) => plain.getOrCompute(key(i), failing), OPS),
        },
        {
          name: 'fresh L1 hit, grace on',
          sample: () => timeOps((i) => graced.getOrCompute(key(i), failing), OPS),
        },
        {
          name: 'stale L1 hit, database down',
          sample: () => timeOps((i) => stale.getOrCompute(key(i), failing), OPS),
        },
      ],
      ROUNDS,
    );
    return {
      path: 'L1 hit, getOrCompute',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)}/op`,
      baseline: baseline!,
      otherRaws: [],
      ours,
      peers: [],
      target: { bound: 1.2, label: '≤ 1.20×' },
    };
  } finally {
    await Promise.all([plain.close(), graced.close(), stale.close()]);
    client.disconnect();
  }
}

const TTL_MS = 200;
const FACTORY_MS = 20;
/** Reads between two turns of the event loop (as requests arriving over sockets would allow). */
const READS_PER_TURN = 50;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** p99 of one `getOrCompute` over three TTL periods of continuous reads of one key, in ns. */
async function p99OfHotKey(read: () => Promise<unknown>): Promise<number> {
  const latencies: number[] = [];
  const until = performance.now() + 3 * TTL_MS;
  while (performance.now() < until) {
    for (let i = 0; i < READS_PER_TURN; i++) {
      const started = process.hrtime.bigint();
      await read();
      latencies.push(Number(process.hrtime.bigint() - started));
    }
    await turn();
  }
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length * 0.99)]!;
}

/**
 * p99 of `getOrCompute` on a continuously read key whose 20 ms computation refreshes ahead at
 * 80% of a 200 ms TTL, against the p99 of an L1 hit that never expires, in interleaved rounds.
 */
export async function refreshAheadReport(url: string): Promise<PathReport> {
  const client = new Redis(url);
  const cache = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'refresh-ahead:' })],
  });
  let computations = 0;
  const factory = async () => {
    computations++;
    await sleep(FACTORY_MS);
    return L2_VALUE;
  };
  try {
    await cache.set('steady', L2_VALUE, { ttl: '1h' });
    await cache.getOrCompute('hot', factory, { ttl: TTL_MS, refreshAhead: 0.8 });
    const [baseline, ours] = await interleave(
      [
        {
          name: 'L1 hit p99, no expiry',
          sample: () => p99OfHotKey(() => cache.getOrCompute('steady', factory, { ttl: '1h' })),
        },
        {
          name: 'refresh-ahead 0.8, 20 ms factory, p99',
          sample: () =>
            p99OfHotKey(() =>
              cache.getOrCompute('hot', factory, { ttl: TTL_MS, refreshAhead: 0.8 }),
            ),
        },
      ],
      ROUNDS,
    );
    console.log(`refresh-ahead: ${computations} computations over ${ROUNDS + 1} rounds`);
    return {
      path: 'hot key p99, getOrCompute',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)} p99`,
      baseline: baseline!,
      otherRaws: [],
      ours: [ours!],
      peers: [],
      target: { bound: 2, label: '≤ 2.00×' },
    };
  } finally {
    await cache.close();
    client.disconnect();
  }
}
