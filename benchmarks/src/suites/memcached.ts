import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import memjs from 'memjs';
import type { Row } from '../harness.js';
import { benchL2Hit } from '../l2-hit.js';

/** The memcached store's L2 hit against memjs `get` + JSON.parse of the same JSON. */
export async function memcachedL2Rows(memcachedUrl: string): Promise<Row[]> {
  const address = memcachedUrl.replace(/^memcached:\/\//, '');
  const prefix = 'bench:mc:';
  const raw = memjs.Client.create(address, { logger: { log() {} } });
  const store = memcachedStore({ servers: [address], prefix });
  try {
    return await benchL2Hit(
      'memcached',
      store,
      {
        write: (key, json) => raw.set(key, json, { expires: 3600 }),
        read: async (key) => JSON.parse((await raw.get(key)).value!.toString()),
      },
      // The targets: sequential time ≤ 0.85× memjs, throughput ≥ 1.4× memjs at 64 callers.
      { maxSequential: 0.85, minConcurrent: 1.4 },
    );
  } finally {
    raw.close();
  }
}
