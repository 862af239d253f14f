import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import memjs from 'memjs';
import type { Row } from '../harness.js';
import { benchL2Hit } from '../l2-hit.js';

/**
 * The memcached store's L2 hit against memjs `get` + JSON.parse of the same value. memjs reads
 * the key as our store writes it (prefix + key); our store's value framing is its own, so memjs
 * reads a copy of the plain JSON stored under a mirror key.
 */
export async function memcachedL2Rows(memcachedUrl: string): Promise<Row[]> {
  const address = memcachedUrl.replace(/^memcached:\/\//, '');
  const prefix = 'bench:mc:';
  const raw = memjs.Client.create(address, { logger: { log() {} } });
  const store = memcachedStore({ servers: [address], prefix });
  const mirror = 'bench:memjs:';
  const { L2_KEYS, L2_VALUE } = await import('../l2-hit.js');
  for (const key of L2_KEYS)
    await raw.set(mirror + key, JSON.stringify(L2_VALUE), { expires: 3600 });
  try {
    return await benchL2Hit(
      'memcached',
      store,
      async (key) =>
        JSON.parse((await raw.get(mirror + key.slice(prefix.length))).value!.toString()),
      prefix,
      // The targets: sequential time ≤ 0.85× memjs, throughput ≥ 1.4× memjs at 64 callers.
      { maxSequential: 0.85, minConcurrent: 1.4 },
    );
  } finally {
    raw.close();
  }
}
