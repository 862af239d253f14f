import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStreams, nodeRedisStreams, type RedisStreams } from '../src/index.js';
import { eventually, uniqueStream } from './clients.js';

const kinds: {
  name: string;
  connect(): Promise<{ streams: RedisStreams; close(): Promise<void> }>;
}[] = [
  {
    name: 'ioredis',
    async connect() {
      const cluster = new Cluster(inject('clusterNodes'));
      const streams = ioredisStreams(cluster);
      return {
        streams,
        async close() {
          await streams.close();
          cluster.disconnect();
        },
      };
    },
  },
  {
    name: 'node-redis',
    async connect() {
      const cluster = createCluster({
        rootNodes: inject('clusterNodes').map(({ host, port }) => ({
          url: `redis://${host}:${port}`,
        })),
      });
      cluster.on('error', () => {});
      await cluster.connect();
      const streams = nodeRedisStreams(cluster);
      return {
        streams,
        async close() {
          await streams.close();
          await cluster.destroy();
        },
      };
    },
  },
];

describe.each(kinds)('streams on a Redis Cluster through $name', (kind) => {
  let handle: Awaited<ReturnType<(typeof kinds)[number]['connect']>>;
  beforeAll(async () => {
    handle = await kind.connect();
  });
  afterAll(() => handle?.close());

  it('publishes and reads streams that live on different nodes', async () => {
    const streams = Array.from({ length: 6 }, () => uniqueStream(`cluster-${kind.name}`));
    for (const stream of streams) {
      const id = await handle.streams.publish(stream, { stream });
      expect(await handle.streams.readLatest(stream, 1)).toEqual([{ id, fields: { stream } }]);
      expect(await handle.streams.read(stream, { lastId: '0' })).toEqual([
        { id, fields: { stream } },
      ]);
    }
  });

  it('runs consumer groups and a blocking read on the node that holds the stream', async () => {
    const stream = uniqueStream(`cluster-${kind.name}`);
    await handle.streams.createGroup(stream, 'g', { startId: '0' });
    const id = await handle.streams.publish(stream, { a: '1' });
    const [entry] = await handle.streams.readGroup(stream, 'g', 'c', { blockMs: 1000 });
    expect(entry?.id).toBe(id);
    expect(await handle.streams.ack(stream, 'g', id)).toBe(1);
    const waiting = handle.streams.read(stream, { lastId: '$', blockMs: 5000 });
    const next = await handle.streams.publish(stream, { a: '2' });
    expect((await waiting).map((e) => e.id)).toEqual([next]);
  });

  it('subscribes on its own connection and ends when aborted', async () => {
    const stream = uniqueStream(`cluster-${kind.name}`);
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const entry of handle.streams.subscribe(stream, {
        lastId: '0',
        blockMs: 10_000,
        signal: controller.signal,
      })) {
        seen.push(entry.id);
      }
    })();
    const ids = [
      await handle.streams.publish(stream, { n: '1' }),
      await handle.streams.publish(stream, { n: '2' }),
    ];
    await eventually('both entries', () => seen.length === 2);
    expect(seen).toEqual(ids);
    controller.abort();
    await done;
  });
});
