// One member of the cross-process stampede: a process holding one cache per contender, all on
// the same redis-server, driven by the parent over IPC. Env: REDIS_URL.
import { createKeyv as createKeyvRedis } from '@keyv/redis';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { createCache as createCacheManager } from 'cache-manager';
import { CacheableMemory } from 'cacheable';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { createBentocache, nodeRedisOptions } from '../peers.js';

const url = process.env.REDIS_URL!;
const TTL_MS = 60_000;

type Run = (key: string, compute: () => Promise<unknown>) => Promise<unknown>;

function ours(prefix: string, withBus: boolean): Run {
  const client = new Redis(url);
  const cache = createCache({
    l1: memoryL1Store(),
    l2: [ioredisStore({ client, prefix })],
    lock: { ttl: '5s' },
    timeout: 5000,
    ...(withBus
      ? { bus: redisBus({ transport: ioredisTransport({ client }), channel: `${prefix}bus` }) }
      : {}),
  });
  return (key, compute) => cache.getOrCompute(key, compute, { ttl: TTL_MS });
}

function bentocache(): Run {
  const bento = createBentocache({ url, l1: true, prefix: 'fleet-bento', bus: true });
  return (key, compute) => bento.getOrSet({ key, factory: compute, ttl: TTL_MS });
}

function cacheManager(): Run {
  const cache = createCacheManager({
    stores: [
      new Keyv({ store: new CacheableMemory({ ttl: TTL_MS }) }),
      createKeyvRedis(nodeRedisOptions(url), { namespace: 'fleet-cm' }),
    ],
    ttl: TTL_MS,
  });
  return (key, compute) => cache.wrap(key, compute, TTL_MS);
}

const contenders: Record<string, Run> = {
  'ours, locks': ours('fleet-ours:', false),
  'ours, locks + bus': ours('fleet-ours-bus:', true),
  bentocache: bentocache(),
  'cache-manager': cacheManager(),
};

type Go = { contender: string; key: string; callers: number; factoryMs: number };

process.on('message', async ({ contender, key, callers, factoryMs }: Go) => {
  let computations = 0;
  const compute = async () => {
    computations++;
    await new Promise((resolve) => setTimeout(resolve, factoryMs));
    return { key, by: process.pid };
  };
  const run = contenders[contender]!;
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, () => run(key, compute)),
  );
  const rejected = settled.filter((outcome) => outcome.status === 'rejected').length;
  process.send!({ done: true, computations, rejected });
});
process.send!({ ready: true });
