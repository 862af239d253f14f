import {
  type Bus,
  type L2Store,
  type MemoryL2Slot,
  memoryBusHub,
  memoryL1Store,
  memoryL2Store,
} from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { type ComputeMany, getOrComputeManyValues } from '../src/cache/batch-compute.js';
import { CacheState } from '../src/cache/cache-state.js';
import { busListener } from '../src/cache/coherence.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lock = { ttlMs: 5_000, waitMs: 5_000 };

/** Instances sharing one in-memory tier; `getOrComputeMany` with leases, as the cache runs it. */
function instances(count: number, bus?: () => Bus) {
  const data = new Map<string, MemoryL2Slot>();
  return Array.from({ length: count }, () => {
    const counts = { reads: 0 };
    const store = memoryL2Store({ data });
    const counted: L2Store = {
      ...store,
      getMany(keys) {
        counts.reads++;
        return store.getMany(keys);
      },
    };
    const state = new CacheState({ l1: memoryL1Store(), l2: [counted], bus: bus?.() });
    state.bus?.subscribe(busListener(state));
    const calls: string[][] = [];
    const many = <T>(keys: readonly string[], compute: ComputeMany<T>, forceFresh = false) =>
      getOrComputeManyValues(
        state,
        keys,
        (missing) => {
          calls.push([...missing]);
          return compute(missing);
        },
        { ttlMs: 60_000, forceFresh, lock },
        (key) => state.l1.get(key),
      );
    return { state, calls, counts, many, store };
  });
}

/** A factory that waits for `gate`, then returns a value for the keys `keep` accepts. */
function gated(gate: Promise<void>, keep: (key: string) => boolean = () => true) {
  return async (keys: readonly string[]) => {
    await gate;
    return new Map(keys.filter(keep).map((key) => [key, `${key}!`]));
  };
}

function deferred() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

describe('getOrComputeMany under leases', () => {
  it('lets another instance wait for the keys a batch computes instead of computing them', async () => {
    const [a, b] = instances(2);
    const { gate, open } = deferred();
    const holding = a!.many(['k1', 'k2', 'k3'], gated(gate));
    await tick(5);
    const joining = b!.many(['k2', 'k3', 'k4'], (keys) => new Map(keys.map((k) => [k, 'b'])));
    await tick(20);
    open();
    expect(await holding).toEqual(['k1!', 'k2!', 'k3!']);
    expect(await joining).toEqual(['k2!', 'k3!', 'b']);
    expect(a!.calls).toEqual([['k1', 'k2', 'k3']]);
    expect(b!.calls).toEqual([['k4']]);
    for (const { state } of [a!, b!]) {
      const { requests, l1Hits, misses } = state.counters;
      const l2Hits = state.tiers.reduce((sum, tier) => sum + tier.stats().hits, 0);
      expect(requests).toBe(l1Hits + l2Hits + misses);
    }
  });

  it('computes the keys the holder left out, with one more factory call', async () => {
    const [a, b] = instances(2);
    const { gate, open } = deferred();
    const holding = a!.many(
      ['k1', 'k2', 'k3'],
      gated(gate, (key) => key !== 'k2'),
    );
    await tick(5);
    const joining = b!.many(['k1', 'k2', 'k3'], (keys) => new Map(keys.map((k) => [k, 'b'])));
    await tick(20);
    open();
    expect(await holding).toEqual(['k1!', undefined, 'k3!']);
    expect(await joining).toEqual(['k1!', 'b', 'k3!']);
    expect(b!.calls).toEqual([['k2']]);
  });

  it('takes over every key when the holder’s factory fails', async () => {
    const [a, b] = instances(2);
    const { gate, open } = deferred();
    const failing = a!.many(['k1', 'k2'], async () => {
      await gate;
      throw new Error('database down');
    });
    await tick(5);
    const joining = b!.many(['k1', 'k2'], (keys) => new Map(keys.map((k) => [k, 'b'])));
    await tick(20);
    open();
    await expect(failing).rejects.toThrow('database down');
    expect(await joining).toEqual(['b', 'b']);
    expect(b!.calls).toEqual([['k1', 'k2']]);
  });

  it('wakes a waiting batch once when the holder’s writes are announced on the bus', async () => {
    const hub = memoryBusHub();
    const [a, b] = instances(2, () => hub.connect());
    const { gate, open } = deferred();
    const holding = a!.many(['k1', 'k2'], gated(gate));
    await tick(5);
    const joining = b!.many(['k1', 'k2'], (keys) => new Map(keys.map((k) => [k, 'b'])));
    const waitingSince = performance.now();
    await tick(60);
    // A loaded machine may stretch the tick past the bus waiter's fallback look (every 200 ms).
    const fallbackLooks = Math.floor((performance.now() - waitingSince) / 200);
    open();
    await holding;
    expect(await joining).toEqual(['k1!', 'k2!']);
    // The lookup before the leases, then one look once woken: no polls while the holder computed.
    expect(b!.counts.reads).toBeLessThanOrEqual(2 + fallbackLooks);
    expect(b!.calls).toEqual([]);
  });

  it('computes at once with forceFresh, taking no lease', async () => {
    const [a, b] = instances(2);
    await a!.many(['k1'], () => new Map([['k1', 'old']]));
    expect(await b!.many(['k1'], () => new Map([['k1', 'new']]), true)).toEqual(['new']);
    expect(b!.calls).toEqual([['k1']]);
  });
});
