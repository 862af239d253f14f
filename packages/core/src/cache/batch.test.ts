import { describe, expect, it } from 'vitest';
import { faultyL2 } from '../../test/support/faulty-stores.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { createCache } from './create-cache.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Counts the store's batch and single-key reads. */
function countingL2(base: L2Store = memoryL2Store()) {
  const calls = { get: 0, getMany: [] as string[][], setMany: 0 };
  const store: L2Store = {
    ...base,
    name: base.name,
    capabilities: base.capabilities,
    get: (key) => {
      calls.get++;
      return base.get(key);
    },
    getMany: (keys) => {
      calls.getMany.push([...keys]);
      return base.getMany(keys);
    },
    setMany: (entries) => {
      calls.setMany++;
      return base.setMany(entries);
    },
    set: (key, value, ttlMs) => base.set(key, value, ttlMs),
    delete: (keys) => base.delete(keys),
    clear: () => base.clear(),
    ping: () => base.ping(),
    close: () => base.close(),
  };
  return { store, calls };
}

/** A store whose `getMany` answers only once `open()` is called (after reading the values). */
function heldL2(base: L2Store = memoryL2Store()) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const counted = countingL2(base);
  const store: L2Store = {
    ...counted.store,
    getMany: (keys) => {
      const read = counted.store.getMany(keys);
      return gate.then(() => read);
    },
  };
  return { store, calls: counted.calls, open };
}

describe('getMany', () => {
  it('answers in key order from L1 first, then one getMany per shared tier, and promotes', async () => {
    const upper = countingL2();
    const lower = countingL2();
    const cache = createCache({ l1: memoryL1Store(), l2: [upper.store, lower.store] });
    await cache.set('a', 1);
    await upper.store.set('b', bytes(2), 60_000);
    await lower.store.set('c', bytes(3), 60_000);
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual([1, 2, 3, undefined]);
    expect(upper.calls.getMany).toEqual([['b', 'c', 'd']]);
    expect(lower.calls.getMany).toEqual([['c', 'd']]);
    expect(upper.calls.get + lower.calls.get).toBe(0);
    await tick(0);
    expect(await upper.store.get('c')).toBeDefined();
    expect(cache.peekL1('c')).toBe(3);
    expect(cache.stats()).toMatchObject({ requests: 5, hits: 4, misses: 1, l1Hits: 2 });
  });

  it('joins a read or computation already under way instead of reading the key again', async () => {
    const l2 = countingL2();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    const computing = cache.getOrCompute('k', async () => {
      await tick(10);
      return 'computed';
    });
    const many = cache.getMany(['k', 'other']);
    expect(await many).toEqual(['computed', undefined]);
    await computing;
    expect(l2.calls.getMany).toEqual([['other']]);
    expect(cache.stats()).toMatchObject({ coalesced: 1, requests: 3 });
    expect(cache.stats().requests).toBe(cache.stats().hits + cache.stats().misses);
  });

  it('rejects, never throws, on bad input and after close', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const call = (run: () => Promise<unknown>) => {
      try {
        return run();
      } catch (error) {
        return Promise.resolve(`threw ${String(error)}`);
      }
    };
    await expect(call(() => cache.getMany('a' as never))).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(call(() => cache.getMany(['ok', ''] as never))).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(call(() => cache.setMany([{ key: 'a', value: undefined }]))).rejects.toMatchObject(
      { code: 'invalid-value' },
    );
    await expect(call(() => cache.setMany(null as never))).rejects.toMatchObject({
      code: 'invalid-value',
    });
    await expect(
      call(() => cache.setMany([{ key: 'a', value: 1, ttl: -5 }])),
    ).rejects.toMatchObject({ code: 'invalid-ttl' });
    await expect(call(() => cache.has(7 as never))).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(call(() => cache.getOrComputeMany(['a'], 'nope' as never))).rejects.toMatchObject({
      code: 'invalid-value',
    });
    await expect(
      call(() => cache.getOrComputeMany(['a'], () => 42 as never)),
    ).rejects.toMatchObject({ code: 'invalid-value' });
    expect(cache.stats().requests).toBe(cache.stats().hits + cache.stats().misses);
    await cache.close();
    await expect(call(() => cache.getMany(['a']))).rejects.toMatchObject({ code: 'closed' });
    await expect(call(() => cache.getOrComputeMany(['a'], () => ({})))).rejects.toMatchObject({
      code: 'closed',
    });
    await expect(call(() => cache.has('a'))).rejects.toMatchObject({ code: 'closed' });
  });

  it('lets a get started during the batch join its read instead of reading the key again', async () => {
    const l2 = heldL2();
    await l2.store.set('a', bytes(1), 60_000);
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    const many = cache.getMany(['a', 'b']);
    const joined = cache.get('a');
    const missed = cache.get('b');
    l2.open();
    expect(await many).toEqual([1, undefined]);
    expect(await joined).toBe(1);
    expect(await missed).toBeUndefined();
    expect(l2.calls.get).toBe(0);
    expect(l2.calls.getMany).toEqual([['a', 'b']]);
    expect(cache.stats()).toMatchObject({ requests: 4, hits: 2, misses: 2, coalesced: 2 });
  });

  it('answers a get joined to a key the first tier holds without waiting for the tiers below', async () => {
    const upper = memoryL2Store();
    await upper.set('a', bytes(1), 60_000);
    const lower = heldL2();
    const cache = createCache({ l1: memoryL1Store(), l2: [upper, lower.store] });
    const many = cache.getMany(['a', 'b']);
    expect(await cache.get('a')).toBe(1);
    expect(lower.calls.getMany).toEqual([['b']]);
    lower.open();
    expect(await many).toEqual([1, undefined]);
    expect(cache.stats().requests).toBe(cache.stats().hits + cache.stats().misses);
  });

  it('reads a key listed twice once and answers both places', async () => {
    const l2 = countingL2();
    await l2.store.set('a', bytes(1), 60_000);
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    expect(await cache.getMany(['a', 'b', 'a'])).toEqual([1, undefined, 1]);
    expect(l2.calls.getMany).toEqual([['a', 'b']]);
    expect(cache.stats()).toMatchObject({ requests: 3, hits: 2, misses: 1, coalesced: 1 });
  });

  it('answers a key invalidated during the batch without promoting it', async () => {
    const l2 = heldL2();
    await l2.store.set('a', bytes('old'), 60_000);
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    const many = cache.getMany(['a']);
    cache.invalidate('a');
    l2.open();
    expect(await many).toEqual(['old']);
    expect(cache.peekL1('a')).toBeUndefined();
  });

  it('leaves no key under way when L1 throws part-way through the keys', async () => {
    const l2 = memoryL2Store();
    await l2.set('a', bytes(1), 60_000);
    const base = memoryL1Store();
    const l1: typeof base = {
      ...base,
      get: (key) => {
        if (key === 'b') throw new Error('injected L1 get throw');
        return base.get(key);
      },
      set: (key, value, ttlMs) => base.set(key, value, ttlMs),
      getWithTtl: (key) => base.getWithTtl(key),
      delete: (key) => base.delete(key),
      deleteMatching: (glob) => base.deleteMatching(glob),
      clear: () => base.clear(),
    };
    const cache = createCache({ l1, l2: [l2] });
    await expect(cache.getMany(['a', 'b'])).rejects.toThrow('injected L1 get throw');
    const next = await Promise.race([cache.get('a'), tick(1_000).then(() => 'stuck')]);
    expect(next).toBe(1);
    expect(cache.stats().requests).toBe(cache.stats().hits + cache.stats().misses);
  });

  it('treats a failing tier as a miss, and rejects in strict mode', async () => {
    const failing = faultyL2(memoryL2Store(), { getMany: 'reject' });
    const lenient = createCache({ l2: [failing.store] });
    expect(await lenient.getMany(['a'])).toEqual([undefined]);
    expect(lenient.stats().tiers[0]!.errors).toBe(1);
    const strict = createCache({ l2: [failing.store], strict: true });
    await expect(strict.getMany(['a', 'b'])).rejects.toMatchObject({ code: 'tier-failure' });
    expect(strict.stats()).toMatchObject({ requests: 2, misses: 2 });
  });
});

describe('setMany and has', () => {
  it('writes each entry with its own TTL through one setMany per tier', async () => {
    const l2 = countingL2();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    await cache.setMany([
      { key: 'short', value: 's', ttl: 1_000 },
      { key: 'long', value: 'l', ttl: '1h' },
    ]);
    expect(l2.calls.setMany).toBe(1);
    expect((await l2.store.get('short'))!.ttlMs).toBeLessThanOrEqual(1_000);
    expect((await l2.store.get('long'))!.ttlMs).toBeGreaterThan(3_000_000);
    expect(await cache.has('long')).toBe(true);
    expect(await cache.has('none')).toBe(false);
  });

  it('finds a key only a shared tier holds, without counting a request', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2] });
    await l2.set('remote', bytes('v'), 60_000);
    expect(await cache.has('remote')).toBe(true);
    expect(cache.stats().requests).toBe(0);
  });

  it('writes nothing for work that was under way when the keys were set', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2] });
    const computing = cache.getOrComputeMany(['k'], async () => {
      await tick(10);
      return { k: 'old' };
    });
    await cache.setMany([{ key: 'k', value: 'new' }]);
    expect(await computing).toEqual(['old']);
    await tick(5);
    expect(await cache.get('k')).toBe('new');
  });

  it('tells other instances to drop their copies in one message', async () => {
    const hub = memoryBusHub();
    const l2 = memoryL2Store();
    const a = createCache({ l1: memoryL1Store(), l2: [l2], bus: hub.connect() });
    const b = createCache({ l1: memoryL1Store(), l2: [l2], bus: hub.connect() });
    await b.setMany([
      { key: 'x', value: 1 },
      { key: 'y', value: 1 },
    ]);
    expect(await a.getMany(['x', 'y'])).toEqual([1, 1]);
    const messages: unknown[] = [];
    a.on('invalidation', ({ message }) => messages.push(message));
    await b.setMany([
      { key: 'x', value: 2 },
      { key: 'y', value: 2 },
    ]);
    await tick(5);
    expect(messages).toEqual([{ type: 'remove', keys: ['x', 'y'] }]);
    expect(await a.getMany(['x', 'y'])).toEqual([2, 2]);
  });
});

describe('getOrComputeMany', () => {
  it('calls the factory once with exactly the keys no tier has', async () => {
    const l2 = countingL2();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2.store] });
    await cache.set('hot', 'h');
    await l2.store.set('warm', bytes('w'), 60_000);
    const asked: string[][] = [];
    const values = await cache.getOrComputeMany(['hot', 'warm', 'cold', 'gone'], (keys) => {
      asked.push([...keys]);
      return new Map([['cold', 'c']]);
    });
    expect(values).toEqual(['h', 'w', 'c', undefined]);
    expect(asked).toEqual([['cold', 'gone']]);
    expect(l2.calls.getMany).toEqual([['warm', 'cold', 'gone']]);
    await tick(0);
    expect(await cache.has('gone')).toBe(false);
    expect(cache.peekL1('cold')).toBe('c');
    expect(await l2.store.get('cold')).toBeDefined();
    expect(cache.stats()).toMatchObject({ computations: 1, inFlight: 0 });
  });

  it('accepts a record and joins keys computed elsewhere instead of recomputing them', async () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
    let single = 0;
    const computing = cache.getOrCompute('a', async () => {
      single++;
      await tick(10);
      return 'from single';
    });
    const asked: string[][] = [];
    const many = cache.getOrComputeMany(['a', 'b'], async (keys) => {
      asked.push([...keys]);
      await tick(10);
      return { a: 'from batch', b: 'b' };
    });
    const joiner = cache.getOrCompute('b', () => 'joiner computed');
    expect(await many).toEqual(['from single', 'b']);
    expect(await joiner).toBe('b');
    expect(await computing).toBe('from single');
    expect(asked).toEqual([['b']]);
    expect(single).toBe(1);
    expect(cache.stats()).toMatchObject({ computations: 2, coalesced: 2 });
    expect(cache.stats().requests).toBe(cache.stats().hits + cache.stats().misses);
  });

  it('gives the factory error to the call and to every caller joined to its keys, caching nothing', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l1: memoryL1Store(), l2: [l2] });
    const failure = new Error('database down');
    const many = cache.getOrComputeMany(['a', 'b'], async () => {
      await tick(5);
      throw failure;
    });
    const joined = cache.getOrCompute('b', () => 'never');
    const settled = await Promise.allSettled([many, joined]);
    expect(settled.map((result) => result.status === 'rejected' && result.reason)).toEqual([
      failure,
      failure,
    ]);
    expect(await l2.get('a')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ requests: 3, misses: 3, inFlight: 0 });
    expect(await cache.getOrComputeMany(['a'], () => ({ a: 1 }))).toEqual([1]);
  });

  it('stops only the aborted caller waiting', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const controller = new AbortController();
    const aborted = cache.getOrComputeMany(
      ['a'],
      async () => {
        await tick(10);
        return { a: 1 };
      },
      { signal: controller.signal },
    );
    const other = cache.get('a');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    await tick(15);
    expect(await cache.get('a')).toBe(1);
    await other;
  });
});

describe('delete', () => {
  it('resolves to whether a tier held the key, and to how many keys were removed', async () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.delete('a')).toBe(false);
    expect(await cache.delete(['a', 'b', 'c'])).toBe(1);
  });

  it('counts L1 removals when there is no shared tier', async () => {
    const cache = createCache({ l1: memoryL1Store() });
    await cache.set('a', 1);
    await cache.set('b', 1);
    expect(await cache.delete(['a', 'b', 'z'])).toBe(2);
    expect(await cache.delete('a')).toBe(false);
  });
});
