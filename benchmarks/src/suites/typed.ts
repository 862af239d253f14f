import { createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { getOrComputeTyped } from '@multi-tier-cache/typed';
import { z } from 'zod';
import { compare, type Row, timeRow } from '../harness.js';

const User = z.object({ id: z.number(), name: z.string(), roles: z.array(z.string()) });
const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);

/** getOrComputeTyped on an L1 hit against the untyped getOrCompute L1 hit, same cache, same run. */
export async function typedRows(): Promise<Row[]> {
  const cache = createCache({ l1: lruStore({ maxEntries: 2000 }) });
  const compute = ({ key }: { key: string }) => ({
    id: Number(key.slice(5)),
    name: 'Ada',
    roles: ['admin'],
  });
  for (const key of KEYS) await getOrComputeTyped(cache, key, User, compute);
  const rows = [
    timeRow(
      'typed',
      'getOrComputeTyped (zod) L1 hit vs untyped getOrCompute L1 hit',
      await compare(
        (i) => getOrComputeTyped(cache, KEYS[i % 1000]!, User, compute),
        (i) => cache.getOrCompute(KEYS[i % 1000]!, compute),
        { iterations: 500_000 },
      ),
      1.2,
    ),
  ];
  await cache.close();
  return rows;
}
