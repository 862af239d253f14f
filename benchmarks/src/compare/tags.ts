import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { fmtNs } from '../harness.js';
import { interleave, timeOps } from '../interleave.js';
import { L2_VALUE } from '../l2-hit.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const OPS = 100_000;
const KEYS = Array.from({ length: 1000 }, (_, i) => `page:${i}`);
const key = (i: number) => KEYS[i % KEYS.length]!;

/**
 * L1 hit of a tagged entry and of an untagged one, against `await lru.get(k)`, in interleaved
 * rounds: the tag check must not fall on untagged entries.
 */
export async function taggedHitReport(url: string): Promise<PathReport> {
  const lru = new LRUCache<string, object>({ max: 10_000, ttl: 3_600_000 });
  const client = new Redis(url);
  const untagged = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'tags-plain:' })],
  });
  const tagged = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'tags-tagged:' })],
  });
  try {
    for (const [i, k] of KEYS.entries()) {
      lru.set(k, L2_VALUE);
      await untagged.set(k, L2_VALUE, { ttl: '1h' });
      await tagged.set(k, L2_VALUE, { ttl: '1h', tags: [`product:${i % 50}`, 'catalogue'] });
    }
    const [baseline, ...ours] = await interleave(
      [
        { name: 'await lru.get', sample: () => timeOps(async (i) => await lru.get(key(i)), OPS) },
        { name: 'untagged entry', sample: () => timeOps((i) => untagged.get(key(i)), OPS) },
        { name: 'tagged entry (2 tags)', sample: () => timeOps((i) => tagged.get(key(i)), OPS) },
      ],
      ROUNDS,
    );
    return {
      path: 'L1 hit, get',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)}/op`,
      baseline: baseline!,
      otherRaws: [],
      ours,
      peers: [],
    };
  } finally {
    await Promise.all([untagged.close(), tagged.close()]);
    client.disconnect();
  }
}

const TAGGED_ENTRIES = 100_000;
const WRITE_BATCH = 2_000;

/** Resolves when `cache` applies the next remote invalidation of `type`. */
function nextRemote(cache: MultiTierCache, type: string): Promise<void> {
  return new Promise((resolve) => {
    const off = cache.on('invalidation', ({ message, origin }) => {
      if (origin === 'remote' && message.type === type) {
        off();
        resolve();
      }
    });
  });
}

/**
 * `deleteByTag` of a tag carried by 100,000 entries in Redis: how long the call takes, and how
 * long until another instance applied it, against `invalidate` of one key reaching that instance
 * (the bus latency), in interleaved rounds. Times in ms.
 */
export async function deleteByTagReport(url: string): Promise<PathReport> {
  const channel = `bench-tags-${process.pid}`;
  const instance = async () => {
    const bus = redisBus({ transport: ioredisTransport({ url }), channel });
    await bus.ready;
    return createCache({
      l1: memoryL1Store({ maxEntries: 1_000 }),
      l2: [ioredisStore({ url, prefix: 'tags-bulk:' })],
      bus,
    });
  };
  const a = await instance();
  const b = await instance();
  try {
    for (let start = 0; start < TAGGED_ENTRIES; start += WRITE_BATCH) {
      await Promise.all(
        Array.from({ length: WRITE_BATCH }, (_, i) =>
          a.set(`item:${start + i}`, L2_VALUE, { ttl: '1h', tags: ['bulk'], broadcast: false }),
        ),
      );
    }
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const [baseline, ...ours] = await interleave(
      [
        {
          name: 'invalidate(1 key) → B applied',
          sample: () => timed(() => Promise.all([nextRemote(b, 'remove'), a.invalidate('one')])),
        },
        { name: 'deleteByTag, call', sample: () => timed(() => a.deleteByTag('bulk')) },
        {
          name: 'deleteByTag → B applied',
          sample: () => timed(() => Promise.all([nextRemote(b, 'tags'), a.deleteByTag('bulk')])),
        },
      ],
      ROUNDS,
    );
    return {
      path: `deleteByTag, ${TAGGED_ENTRIES.toLocaleString('en-US')} tagged entries`,
      higherIsBetter: false,
      format: (ms) => `${ms.toFixed(2)} ms`,
      baseline: baseline!,
      otherRaws: [],
      ours,
      peers: [],
    };
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
