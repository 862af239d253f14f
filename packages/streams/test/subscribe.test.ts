import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStreams, StreamEntry } from '../src/index.js';
import { clientKinds, eventually, type Harness, uniqueStream } from './clients.js';

/** Consumes `iterable` in the background; `entries` fills as they arrive. */
function collect(
  iterable: AsyncIterable<StreamEntry>,
  onEntry?: (entry: StreamEntry) => Promise<void>,
) {
  const entries: StreamEntry[] = [];
  const done = (async () => {
    for await (const entry of iterable) {
      entries.push(entry);
      await onEntry?.(entry);
    }
  })();
  return { entries, done };
}

async function publishMany(streams: RedisStreams, stream: string, from: number, to: number) {
  const ids: string[] = [];
  for (let i = from; i <= to; i++) ids.push(await streams.publish(stream, { i: String(i) }));
  return ids;
}

let server: RedisServer;
beforeAll(async () => {
  // Own server: these tests restart it and count its connections.
  server = await startRedis({ persistent: true });
});
afterAll(() => server?.stop());

describe.each(clientKinds)('subscribe on $name', (kind) => {
  let redis: Harness;
  beforeAll(async () => {
    redis = await kind.connect(server.url);
  });
  afterAll(() => redis?.close());

  /** True once a connection is blocked in XREAD / XREADGROUP, i.e. the subscription is listening. */
  const listening = async () => /cmd=xread/.test(String(await redis.command('CLIENT', 'LIST')));
  const clientCount = async () =>
    String(await redis.command('CLIENT', 'LIST'))
      .trim()
      .split('\n').length;

  it('delivers new entries and aborting ends the iterator and closes its connection', async () => {
    const stream = uniqueStream(kind.name);
    await publishMany(redis.streams, stream, 1, 2); // before the subscription: not delivered
    const baseline = await clientCount();
    const controller = new AbortController();
    const { entries, done } = collect(
      redis.streams.subscribe(stream, { signal: controller.signal, blockMs: 10_000 }),
    );
    await eventually('the subscription listening', listening);
    expect(await clientCount()).toBe(baseline + 1);
    const ids = await publishMany(redis.streams, stream, 3, 5);
    await eventually('three entries', () => entries.length === 3);
    expect(entries.map((entry) => entry.id)).toEqual(ids);
    controller.abort();
    await done; // the for-await loop ends instead of hanging on the 10 s blocking read
    await eventually('the connection closed', async () => (await clientCount()) === baseline);
  });

  it('closes its connection when the loop breaks', async () => {
    const stream = uniqueStream(kind.name);
    const baseline = await clientCount();
    const subscription = redis.streams.subscribe(stream, { lastId: '0', blockMs: 10_000 });
    await publishMany(redis.streams, stream, 1, 1);
    for await (const entry of subscription) {
      expect(entry.fields).toEqual({ i: '1' });
      break;
    }
    await eventually('the connection closed', async () => (await clientCount()) === baseline);
  });

  it('re-delivers unacknowledged entries to the same consumer first (group mode)', async () => {
    const stream = uniqueStream(kind.name);
    const options = { group: 'g', consumer: 'c1', groupStartId: '0', blockMs: 10_000 };
    const ids = await publishMany(redis.streams, stream, 1, 4);
    const first = new AbortController();
    const firstRun = collect(
      redis.streams.subscribe(stream, { ...options, signal: first.signal }),
      (entry) =>
        // acknowledge only the odd ones, as if the process died before handling the others
        Number(entry.fields.i) % 2 === 1
          ? redis.streams.ack(stream, 'g', entry.id).then(() => {})
          : Promise.resolve(),
    );
    await eventually('four entries', () => firstRun.entries.length === 4);
    first.abort();
    await firstRun.done;

    const second = new AbortController();
    const secondRun = collect(
      redis.streams.subscribe(stream, { ...options, signal: second.signal }),
    );
    const later = await publishMany(redis.streams, stream, 5, 5);
    await eventually('unacked + new', () => secondRun.entries.length === 3);
    expect(secondRun.entries.map((entry) => entry.id)).toEqual([ids[1], ids[3], later[0]]);
    second.abort();
    await secondRun.done;
  });

  it('continues after a Redis restart without losing or repeating entries (plain mode)', async () => {
    const stream = uniqueStream(kind.name);
    const controller = new AbortController();
    const { entries, done } = collect(
      redis.streams.subscribe(stream, { signal: controller.signal, lastId: '0', blockMs: 10_000 }),
    );
    const before = await publishMany(redis.streams, stream, 1, 5);
    await eventually('entries before the restart', () => entries.length === 5);
    await server.restart();
    const after = await publishMany(redis.streams, stream, 6, 10);
    await eventually('entries after the restart', () => entries.length >= 10);
    expect(entries.map((entry) => entry.id)).toEqual([...before, ...after]);
    controller.abort();
    await done;
  });

  it('continues after a Redis restart without losing acknowledged or pending entries (group mode)', async () => {
    const stream = uniqueStream(kind.name);
    const controller = new AbortController();
    const acked = new Set<string>();
    const { entries, done } = collect(
      redis.streams.subscribe(stream, {
        signal: controller.signal,
        group: 'g',
        consumer: 'c1',
        groupStartId: '0',
        blockMs: 10_000,
      }),
      async (entry) => {
        await redis.streams.ack(stream, 'g', entry.id);
        acked.add(entry.id);
      },
    );
    const before = await publishMany(redis.streams, stream, 1, 5);
    await eventually('entries before the restart', () => acked.size === 5);
    await server.restart();
    const after = await publishMany(redis.streams, stream, 6, 10);
    await eventually('entries after the restart', () => acked.size === 10);
    expect([...acked]).toEqual([...before, ...after]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(10);
    expect((await redis.streams.pending(stream, 'g')).count).toBe(0);
    controller.abort();
    await done;
  });
});
