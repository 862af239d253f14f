import { createCache, type L2Store } from '@multi-tier-cache/core';
import { compare, type Row, throughputRow, timeRow } from './harness.js';
import { noopL1Store } from './noop-l1-store.js';

/** A 100-byte JSON value, as in the issues' reference figures. */
export const L2_VALUE = {
  id: 42,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  roles: ['admin', 'ops'],
  n: 1,
};
export const L2_KEYS = Array.from({ length: 100 }, (_, i) => `item:${i}`);

/** The raw client a store is measured against: it reads plain JSON it wrote itself. */
export interface RawClient {
  write(key: string, json: string): Promise<unknown>;
  /** The client's own read and `JSON.parse`: the baseline. */
  read(key: string): Promise<unknown>;
}

const RAW_PREFIX = 'bench:raw:';

/**
 * L2 hit with L1 empty through the cache, against the raw client's read + JSON.parse of the same
 * bytes in the same run: sequential time per op, and throughput with 64 concurrent callers.
 */
export async function benchL2Hit(
  label: string,
  store: L2Store,
  raw: RawClient,
  targets: { maxSequential?: number; minConcurrent?: number } = {},
): Promise<Row[]> {
  const cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  const json = JSON.stringify(L2_VALUE);
  for (const key of L2_KEYS) {
    await cache.set(key, L2_VALUE, { ttl: '1h' });
    await raw.write(RAW_PREFIX + key, json);
  }
  const check = await cache.get(L2_KEYS[0]!);
  if (JSON.stringify(check) !== JSON.stringify(L2_VALUE))
    throw new Error(`${label}: value did not round-trip`);
  const ours = (i: number) => cache.get(L2_KEYS[i % 100]!);
  const rawKeys = L2_KEYS.map((key) => RAW_PREFIX + key);
  const rawGet = (i: number) => raw.read(rawKeys[i % 100]!);
  const rows = [
    timeRow(
      `L2 hit ${label}`,
      'sequential, vs raw get + JSON.parse',
      await compare(ours, rawGet, { iterations: 4000, rounds: 7 }),
      targets.maxSequential,
    ),
    throughputRow(
      `L2 hit ${label}`,
      '64 concurrent callers, vs raw',
      await compare(ours, rawGet, { iterations: 20000, concurrency: 64, rounds: 7 }),
      targets.minConcurrent,
    ),
  ];
  await cache.clear();
  await cache.close();
  return rows;
}
