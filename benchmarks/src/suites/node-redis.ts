import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { createClient } from 'redis';
import type { Row } from '../harness.js';
import { benchL2Hit } from '../l2-hit.js';

export async function nodeRedisL2Rows(redisUrl: string): Promise<Row[]> {
  const prefix = 'bench:node-redis:';
  const raw = createClient({ url: redisUrl });
  await raw.connect();
  const store = nodeRedisStore({ url: redisUrl, prefix });
  try {
    return await benchL2Hit(
      'node-redis',
      store,
      {
        write: (key, json) => raw.set(key, json, { EX: 3600 }),
        read: async (key) => JSON.parse((await raw.get(key))!),
      },
      { maxSequential: 1.15, minConcurrent: 0.9 },
    );
  } finally {
    raw.destroy();
  }
}
