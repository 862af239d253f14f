import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import type { Row } from '../harness.js';
import { benchL2Hit } from '../l2-hit.js';

export async function ioredisL2Rows(redisUrl: string): Promise<Row[]> {
  const prefix = 'bench:ioredis:';
  const raw = new Redis(redisUrl);
  const store = ioredisStore({ url: redisUrl, prefix });
  try {
    return await benchL2Hit(
      'ioredis',
      store,
      {
        write: (key, json) => raw.set(key, json, 'EX', 3600),
        read: async (key) => JSON.parse((await raw.get(key))!),
      },
      { maxSequential: 1.15, minConcurrent: 0.9 },
    );
  } finally {
    raw.disconnect();
  }
}
