import {
  createCache,
  type L2Store,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let prefixes = 0;
const nextPrefix = () => `lock-grace-${process.pid}-${++prefixes}:`;

describe('locks with a stale value (ioredis)', () => {
  const opened: MultiTierCache[] = [];
  const stores: L2Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  type Target = { url: string } | { clusterNodes: { host: string; port: number }[] };

  function store(target: Target, prefix: string): L2Store {
    const created = ioredisStore({ ...target, prefix });
    stores.push(created);
    return created;
  }

  /** `count` instances, each on its own connection, sharing `prefix`, with 'report' stale (fresh for 100 ms, kept for grace). */
  async function staleFleet(count: number, target: Target, prefix: string) {
    const caches = Array.from({ length: count }, () => {
      const cache = createCache({
        l1: memoryL1Store(),
        l2: [ioredisStore({ ...target, prefix })],
        lock: { ttl: '5s' },
        grace: '1h',
      });
      opened.push(cache);
      return cache;
    });
    await caches[0]!.getOrCompute('report', () => 'old', { ttl: 100 });
    await tick(150);
    return caches;
  }

  async function oneRecomputation(target: Target) {
    const caches = await staleFleet(4, target, nextPrefix());
    let runs = 0;
    let finished = false;
    let staleAnswers = 0;
    let othersAnswered: () => void = () => {};
    const allOthersAnswered = new Promise<void>((resolve) => {
      othersAnswered = resolve;
    });
    // The computation ends only once the 75 callers of the other instances have answered: had
    // they waited for it, it would run into its 5 s bound and the assertions below would fail.
    const compute = async () => {
      runs++;
      await tick(50);
      await Promise.race([allOthersAnswered, tick(5_000)]);
      finished = true;
      return 'new';
    };
    const answers = await Promise.all(
      caches.flatMap((cache, instance) =>
        Array.from({ length: 25 }, () =>
          cache.getOrCompute('report', compute).then((value) => {
            if (value === 'old' && ++staleAnswers === 75) othersAnswered();
            return { instance, value, beforeComputation: !finished };
          }),
        ),
      ),
    );
    expect(runs).toBe(1);
    const holders = new Set(answers.filter((a) => a.value === 'new').map((a) => a.instance));
    expect(holders.size).toBe(1);
    const others = answers.filter((a) => !holders.has(a.instance));
    expect(others).toHaveLength(75);
    for (const answer of others) {
      expect(answer).toMatchObject({ value: 'old', beforeComputation: true });
    }
    await tick(20);
    for (const cache of caches) {
      expect(await cache.getOrCompute('report', () => 'never called')).toBe('new');
    }
    expect(runs).toBe(1);
  }

  it('runs one 50 ms recomputation for 4 instances × 25 callers; the others answer stale at once', async () => {
    await oneRecomputation({ url: inject('redisUrl') });
  });

  it('does the same on a 3-master Cluster', async () => {
    await oneRecomputation({ clusterNodes: inject('clusterNodes') });
  });

  it('lets the next stale reader take over once a dead holder lease expires', async () => {
    const prefix = nextPrefix();
    const target = { url: inject('redisUrl') };
    const [cache, other] = await staleFleet(2, target, prefix);
    // A holder that died: its lease is never released, only expires.
    const dead = await store(target, prefix).acquireLock!('report', 300, { replacing: true });
    expect(dead).toBeTypeOf('string');
    let runs = 0;
    const compute = async () => {
      runs++;
      return 'new';
    };
    expect(await cache!.getOrCompute('report', compute)).toBe('old');
    expect(runs).toBe(0);
    await tick(350);
    expect(await cache!.getOrCompute('report', compute)).toBe('new');
    expect(runs).toBe(1);
    expect(await other!.getOrCompute('report', compute)).toBe('new');
    expect(runs).toBe(1);
  });
});
