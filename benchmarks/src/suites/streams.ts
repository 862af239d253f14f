import { ioredisStreams, nodeRedisStreams } from '@multi-tier-cache/streams';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { compare, type Row, throughputRow } from '../harness.js';

const FIELDS = { type: 'order.created', id: '1234567', payload: '{"total":42.5,"currency":"EUR"}' };

/**
 * Publish throughput with 64 concurrent publishers (XADD MAXLEN ~ 1000), and read throughput
 * (XREAD COUNT 100), against the raw client's XADD / XREAD in the same run.
 */
export async function streamsRows(redisUrl: string): Promise<Row[]> {
  const ioredis = new Redis(redisUrl);
  const nodeRedis = createClient({ url: redisUrl });
  await nodeRedis.connect();
  const viaIoredis = ioredisStreams(ioredis, { maxLen: 1000 });
  const viaNodeRedis = nodeRedisStreams(nodeRedis, { maxLen: 1000 });
  const flat = Object.entries(FIELDS).flat();
  const options = { iterations: 20_000, concurrency: 64, rounds: 5 };
  try {
    const rows = [
      throughputRow(
        'streams',
        'ioredis publish, 64 publishers, vs raw XADD',
        await compare(
          () => viaIoredis.publish('bench:s:io', FIELDS),
          () => ioredis.xadd('bench:s:io-raw', 'MAXLEN', '~', '1000', '*', ...flat),
          options,
        ),
        0.9,
      ),
      throughputRow(
        'streams',
        'node-redis publish, 64 publishers, vs raw XADD',
        await compare(
          () => viaNodeRedis.publish('bench:s:nr', FIELDS),
          () =>
            nodeRedis.xAdd('bench:s:nr-raw', '*', FIELDS, {
              TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 1000 },
            }),
          options,
        ),
        0.9,
      ),
      throughputRow(
        'streams',
        'ioredis read 100 entries, vs raw XREAD COUNT 100',
        await compare(
          () => viaIoredis.read('bench:s:io', { lastId: '0', count: 100 }),
          () => ioredis.xread('COUNT', 100, 'STREAMS', 'bench:s:io-raw', '0'),
          { iterations: 2000, concurrency: 8, rounds: 5 },
        ),
      ),
    ];
    await ioredis.del('bench:s:io', 'bench:s:io-raw', 'bench:s:nr', 'bench:s:nr-raw');
    return rows;
  } finally {
    await viaIoredis.close?.();
    await viaNodeRedis.close?.();
    ioredis.disconnect();
    nodeRedis.destroy();
  }
}
