// One cache instance in its own process: random reads, writes and pattern invalidations against
// the shared servers, each read checked against the source of truth. Driven by main.ts over IPC.
// Env: NAME, KIND ('ioredis' | 'node-redis' | 'ioredis-memcached'), CACHE_URL, TRUTH_URL,
// MEMCACHED (host:port), SEED, BOUND_MS, CHANNEL, PATTERNS ('off' for none),
// MEMCACHED_EVERYWHERE ('yes': every worker has memcached as its second tier), TRACE ('yes': print
// the trace of every stale read L1 answered).
import { randomUUID } from 'node:crypto';
import { createCache, type L2Store, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, nodeRedisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { GROUPS, KEYS_PER_GROUP, keyOf, PREFIX } from './keys.js';
import { between, seededRandom } from './random.js';
import type { WorkerStats } from './stats.js';
import { KeyTrace } from './trace.js';
import { Truth } from './truth.js';

const env = process.env;
const name = env.NAME!;
const kind = env.KIND!;
const url = env.CACHE_URL!;
const boundMs = Number(env.BOUND_MS);
const patterns = env.PATTERNS !== 'off';
const random = seededRandom(Number(env.SEED));
const truth = new Truth(env.TRUTH_URL!);

const tiers: L2Store[] =
  kind === 'node-redis'
    ? [nodeRedisStore({ url, prefix: PREFIX })]
    : [ioredisStore({ url, prefix: PREFIX })];
if (kind === 'ioredis-memcached' || env.MEMCACHED_EVERYWHERE === 'yes') {
  tiers.push(memcachedStore({ servers: [env.MEMCACHED!], prefix: PREFIX }));
}
const transport = kind === 'node-redis' ? nodeRedisTransport({ url }) : ioredisTransport({ url });
const bus = redisBus({ transport, channel: env.CHANNEL });
const cache = createCache({ l1: memoryL1Store(), l2: tiers, bus });
const trace = env.TRACE === 'yes' ? new KeyTrace(name, cache) : undefined;

const stats: WorkerStats = {
  name,
  kind,
  reads: 0,
  writes: 0,
  patterns: 0,
  lockBusy: 0,
  stale: 0,
  staleFromL1: 0,
  rejected: 0,
  writeErrors: 0,
  heapUsed: process.memoryUsage().heapUsed,
  l1Hits: 0,
  examples: [],
};
let running = true;

async function read(key: string): Promise<void> {
  const startedAt = Date.now();
  let got: number;
  // Peeked first, so a stale read is known to come from L1 or from below it.
  const hot = cache.peekL1<number>(key);
  try {
    got =
      hot ??
      (await cache.getOrCompute(
        key,
        async () => {
          const computedAt = Date.now();
          const version = await truth.version(key);
          trace?.note(key, `computed v${version}, started ${computedAt}`);
          return version;
        },
        { ttl: '10m' },
      ));
  } catch (error) {
    stats.rejected++;
    if (stats.examples.length < 10) stats.examples.push(`rejected ${key}: ${String(error)}`);
    return;
  }
  stats.reads++;
  const expected = await truth.latestBefore(key, startedAt - boundMs);
  if (got < expected) {
    stats.stale++;
    if (hot !== undefined) stats.staleFromL1++;
    if (hot !== undefined && trace !== undefined) {
      console.log(await trace.report(truth, key, got, expected, startedAt));
    }
    if (stats.examples.length < 10) {
      stats.examples.push(
        `stale ${key}: read v${got} from ${hot === undefined ? 'a shared tier' : 'L1'} at ${startedAt}, v${expected} resolved > ${boundMs} ms before`,
      );
    }
  }
}

async function write(key: string): Promise<void> {
  const token = randomUUID();
  if (!(await truth.lock(key, token, 10_000))) {
    stats.lockBusy++;
    return;
  }
  try {
    const version = await truth.next(key);
    const choice = random();
    trace?.note(key, `writing v${version}`);
    try {
      if (choice < 1 / 3) await cache.set(key, version, { ttl: '10m' });
      else if (choice < 2 / 3) await cache.updateCache(key, version, { ttl: '10m' });
      else await cache.invalidate(key);
    } catch {
      stats.writeErrors++;
      return;
    }
    await truth.resolved(key, version, Date.now());
    stats.writes++;
  } finally {
    await truth.unlock(key, token);
  }
}

async function invalidateGroup(group: number): Promise<void> {
  const anchor = keyOf(group, 0);
  const token = randomUUID();
  if (!(await truth.lock(anchor, token, 10_000))) {
    stats.lockBusy++;
    return;
  }
  try {
    const keys = Array.from({ length: KEYS_PER_GROUP }, (_, index) => keyOf(group, index));
    const versions = await Promise.all(keys.map((key) => truth.next(key)));
    try {
      await cache.invalidatePattern(`g${group}:*`);
    } catch {
      stats.writeErrors++;
      return;
    }
    const at = Date.now();
    await Promise.all(keys.map((key, index) => truth.resolved(key, versions[index]!, at)));
    stats.patterns++;
  } finally {
    await truth.unlock(anchor, token);
  }
}

async function loop(): Promise<void> {
  while (running) {
    const key = keyOf(between(random, 0, GROUPS - 1), between(random, 0, KEYS_PER_GROUP - 1));
    const dice = random();
    try {
      if (dice < 0.8) await read(key);
      else if (dice < 0.995 || !patterns) await write(key);
      else await invalidateGroup(between(random, 0, GROUPS - 1));
    } catch (error) {
      // The truth Redis is never faulted: a failure here is a bug of the soak, not of the cache.
      if (stats.examples.length < 10) stats.examples.push(`soak error: ${String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function report(type: 'stats' | 'done'): void {
  stats.heapUsed = process.memoryUsage().heapUsed;
  stats.l1Hits = cache.stats().l1Hits;
  process.send!({ type, stats });
}

// Subscribed before the first read: what is published before an instance subscribes never
// reaches it, and an L1 it filled meanwhile could keep what that replaced.
await bus.ready;
const timer = setInterval(() => report('stats'), 1000);
const loops = Array.from({ length: 4 }, () => loop());

process.on('message', async (message: { type: string }) => {
  if (message.type !== 'stop') return;
  running = false;
  clearInterval(timer);
  await Promise.all(loops);
  report('done');
  await cache.close().catch(() => {});
  await truth.close();
  process.exit(0);
});
process.send!({ type: 'ready' });
