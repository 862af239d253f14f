// One cache instance in its own process, driven by its parent over IPC (see fleet-process.ts).
import { createCache, type L2Store, memoryL1Store } from '@multi-tier-cache/core';
import type { FleetStore } from './fleet-process.js';

interface Config {
  readonly store: FleetStore;
  readonly lock: { readonly ttl: number; readonly wait: number };
}
interface Go {
  readonly key: string;
  readonly callers: number;
  readonly factoryMs: number;
}

const config = JSON.parse(process.env.MULTI_TIER_CACHE_FLEET_INSTANCE!) as Config;
const module = (await import(config.store.module)) as Record<string, unknown>;
const createStore = module[config.store.export] as (options: unknown) => L2Store;
const cache = createCache({
  l1: memoryL1Store(),
  l2: [createStore(config.store.options)],
  timeout: 2_000,
  lock: config.lock,
});

process.on('message', async ({ key, callers, factoryMs }: Go) => {
  let computations = 0;
  const compute = async () => {
    computations++;
    process.send!({ computing: true });
    // A negative duration never finishes: a holder to be killed mid-computation.
    await new Promise((resolve) => setTimeout(resolve, factoryMs < 0 ? 2 ** 31 - 1 : factoryMs));
    return `computed by ${process.pid}`;
  };
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, () => cache.getOrCompute(key, compute, { ttl: '1m' })),
  );
  process.send!({
    done: true,
    computations,
    rejected: settled.filter((result) => result.status === 'rejected').length,
    values: [...new Set(settled.map((result) => (result as { value?: unknown }).value))],
    at: Date.now(),
  });
});
process.send!({ ready: true });
