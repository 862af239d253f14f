// Measures the two targets of server-assisted tracking and replay, in one process.
// Run from the repository root:
//   node --conditions=@multi-tier-cache/source --import tsx packages/invalidation/test/tracking-measure.ts \
//     [--transport ioredis|node-redis] [--samples 2000] [--keys 10000] [--gap-ms 5000]
// 1. latency: a raw client SETs a tracked key → both instances' L1 dropped it, against a raw
//    PUBLISH → both of two raw subscribers heard it, sample by sample in the same run;
// 2. replay: two instances, `--keys` keys in the reader's L1, its subscriber kept out for
//    `--gap-ms` while 100 keys are invalidated; L1 hit rate over every key right after reconnect,
//    with replay and without (the L1 is cleared then).
// Starts its own redis-server (ACL users are created on it). Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCache, type InvalidationMessage, memoryL1Store } from '@multi-tier-cache/core';
import {
  ioredisTransport,
  nodeRedisTransport,
  type RedisBus,
  redisBus,
  type Transport,
} from '@multi-tier-cache/invalidation';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'ioredis' },
    samples: { type: 'string', default: '2000' },
    keys: { type: 'string', default: '10000' },
    'gap-ms': { type: 'string', default: '5000' },
  },
});
const server = await startRedis();
const url = server.url;
const admin = new Redis(url);

async function transportFor(user?: string): Promise<Transport> {
  const login = new URL(url);
  if (user !== undefined) {
    await admin.acl('SETUSER', user, 'on', '>pw', '~*', '&*', '+@all');
    login.username = user;
    login.password = 'pw';
  }
  if (values.transport === 'node-redis') {
    const client = createClient({ url: login.href, socket: { reconnectStrategy: () => 100 } });
    client.on('error', () => {});
    await client.connect();
    return nodeRedisTransport({ client: client as never });
  }
  const client = new Redis(login.href, { retryStrategy: () => 100 });
  client.on('error', () => {});
  return ioredisTransport({ client });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Resolves when `count` listeners have each heard a message satisfying `matches`. */
function heardBy(
  count: number,
  subscribe: (hear: (value: unknown) => void) => void,
): (matches: (value: unknown) => boolean) => Promise<number> {
  let waiting:
    | { matches: (value: unknown) => boolean; left: number; done: (at: number) => void }
    | undefined;
  subscribe((value) => {
    if (waiting === undefined || !waiting.matches(value)) return;
    if (--waiting.left === 0) {
      const { done } = waiting;
      waiting = undefined;
      done(performance.now());
    }
  });
  return (matches) =>
    new Promise((done) => {
      waiting = { matches, left: count, done };
    });
}

async function latency() {
  const channel = 'mtc:measure';
  const buses = [await transportFor(), await transportFor()].map((transport) =>
    redisBus({ transport, channel, tracking: true }),
  );
  await Promise.all(buses.map((bus) => bus.ready));
  const caches = buses.map((bus) => createCache({ l1: memoryL1Store(), bus }));
  // The cache subscribed first, so its L1 has dropped the key when these listeners run.
  const trackedDrop = heardBy(2, (hear) => {
    for (const bus of buses) bus.subscribe({ onMessage: (message) => hear(message) });
  });
  const subscribers = [new Redis(url), new Redis(url)];
  await Promise.all(subscribers.map((subscriber) => subscriber.subscribe('raw:measure')));
  const rawHeard = heardBy(2, (hear) => {
    for (const subscriber of subscribers) subscriber.on('message', (_, payload) => hear(payload));
  });
  const writer = new Redis(url);
  const samples = Number(values.samples);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = -200; i < samples; i++) {
    const key = `k${i % 100}`;
    for (const cache of caches) await cache.set(key, i, { ttl: '10m', broadcast: false });
    let started = performance.now();
    const dropped = trackedDrop(
      (message) =>
        (message as InvalidationMessage).type === 'remove' &&
        (message as { keys: string[] }).keys.includes(key),
    );
    await writer.set(`mtc:${key}`, i);
    const droppedAt = await dropped;
    const oursMs = droppedAt - started;
    started = performance.now();
    const heard = rawHeard((payload) => payload === String(i));
    await writer.publish('raw:measure', String(i));
    const baselineMs = (await heard) - started;
    if (i >= 0) {
      ours.push(oursMs);
      baseline.push(baselineMs);
    }
  }
  ours.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  for (const client of [...subscribers, writer]) client.disconnect();
  await Promise.all(caches.map((cache) => cache.close()));
  await Promise.all(buses.map((bus) => bus.close()));
  return {
    p50: quantile(ours, 0.5),
    p99: quantile(ours, 0.99),
    rawP50: quantile(baseline, 0.5),
    rawP99: quantile(baseline, 0.99),
  };
}

async function hitRateAfterGap(replay: boolean) {
  const channel = `mtc:measure:gap:${replay}`;
  const user = `measure-${replay}`;
  const options = replay ? { replay: { maxLen: 10_000 } } : {};
  const writerBus = redisBus({ transport: await transportFor(), channel, ...options });
  const readerBus: RedisBus = redisBus({
    transport: await transportFor(user),
    channel,
    ...options,
  });
  await Promise.all([writerBus.ready, readerBus.ready]);
  const writer = createCache({ l1: memoryL1Store(), bus: writerBus });
  const reader = createCache({ l1: memoryL1Store({ maxEntries: 100_000 }), bus: readerBus });
  const count = Number(values.keys);
  for (let i = 0; i < count; i++) await reader.set(`item:${i}`, i, { ttl: '1h' });
  const hitRate = async () => {
    let hits = 0;
    for (let i = 0; i < count; i++) if ((await reader.get(`item:${i}`)) !== undefined) hits++;
    return hits / count;
  };
  const before = await hitRate();

  await admin.acl('SETUSER', user, 'off');
  const list = (await admin.client('LIST')) as string;
  for (const line of list.split('\n')) {
    if (line.includes(`user=${user} `) && /\bsub=[1-9]/.test(line)) {
      await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    }
  }
  const gapStarted = performance.now();
  for (let i = 0; i < 100; i++) await writer.invalidate(`item:${i * 97}`);
  await new Promise((resolve) =>
    setTimeout(resolve, Number(values['gap-ms']) - (performance.now() - gapStarted)),
  );
  await admin.acl('SETUSER', user, 'on');
  const reconnects = readerBus.stats().reconnects;
  while (readerBus.stats().reconnects === reconnects) await new Promise((r) => setTimeout(r, 5));
  if (replay)
    while (readerBus.stats().replay!.replays + readerBus.stats().replay!.clears === 0)
      await new Promise((r) => setTimeout(r, 5));
  const after = await hitRate();
  let stale = 0;
  for (let i = 0; i < 100; i++) if ((await reader.get(`item:${i * 97}`)) !== undefined) stale++;
  const stats = readerBus.stats();
  await Promise.all([writer.close(), reader.close()]);
  await Promise.all([writerBus.close(), readerBus.close()]);
  return { before, after, ratio: after / before, stale, replay: stats.replay };
}

const result = {
  transport: values.transport,
  latencyMs: await latency(),
  withReplay: await hitRateAfterGap(true),
  withoutReplay: await hitRateAfterGap(false),
};
console.log(JSON.stringify(result));
admin.disconnect();
await server.stop();
process.exit(0);
