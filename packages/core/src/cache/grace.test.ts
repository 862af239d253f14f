import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diagnosticsChannels } from '../diagnostics/channels.js';
import type { GetOrComputeContext } from '../diagnostics/operation-contexts.js';
import { subscribeOperation } from '../diagnostics/subscribe-operation.js';
import { CacheError } from '../errors.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';
import { unwrapEntryBytes } from './entry-envelope.js';
import { L1Entry } from './l1-entry.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release };
}

/** Moves `Date.now()` (the clock of the memory stores and of freshness) forward. */
function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe('grace and fail-safe (memory stores)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores an entry without grace exactly as before: plain bytes, plain L1 value', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({ l1, l2: [l2] });
    await cache.getOrCompute('k', () => ({ a: 1 }), { ttl: '1m' });
    expect(text((await l2.get('k'))!.value)).toBe('{"a":1}');
    expect(l1.get('k')).toEqual({ a: 1 });
  });

  it('keeps a graced entry for TTL + grace in the shared tier, in the envelope', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({ l1, l2: [l2] });
    await cache.getOrCompute('k', () => 'v', { ttl: '1m', grace: '1h' });
    const entry = (await l2.get('k'))!;
    expect(entry.ttlMs).toBeGreaterThan(3_600_000);
    const { bytes, meta } = unwrapEntryBytes(entry.value);
    expect(text(bytes)).toBe('"v"');
    expect(meta).toMatchObject({ freshMs: 60_000, graceMs: 3_600_000, tags: [] });
    expect(l1.get('k')).toBeInstanceOf(L1Entry);
  });

  it('answers every read with the stale value while the database is down, computing at most once per backoff', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h', graceBackoff: '10s' });
    let calls = 0;
    let down = false;
    const load = () => {
      calls++;
      if (down) throw new Error('database down');
      return `v${calls}`;
    };
    expect(await cache.getOrCompute('k', load, { ttl: '1m' })).toBe('v1');
    down = true;
    advance(61_000);
    for (let read = 0; read < 20; read++) {
      expect(await cache.getOrCompute('k', load, { ttl: '1m' })).toBe('v1');
    }
    expect(calls).toBe(2);
    advance(10_001);
    for (let read = 0; read < 20; read++) {
      expect(await cache.getOrCompute('k', load, { ttl: '1m' })).toBe('v1');
    }
    expect(calls).toBe(3);
    expect(cache.stats()).toMatchObject({ staleServed: 40, factoryErrors: 2 });
    down = false;
    advance(10_001);
    expect(await cache.getOrCompute('k', load, { ttl: '1m' })).toBe('v4');
  });

  it('emits stale and factoryError events', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h' });
    const seen: string[] = [];
    cache.on('stale', ({ key, reason }) => seen.push(`stale ${key} ${reason}`));
    cache.on('factoryError', ({ key }) => seen.push(`error ${key}`));
    await cache.getOrCompute('k', () => 1, { ttl: '1m' });
    advance(61_000);
    await cache.getOrCompute('k', () => Promise.reject(new Error('down')), { ttl: '1m' });
    expect(seen).toEqual(['error k', 'stale k error']);
  });

  it('reports a stale answer as the outcome stale to tracing subscribers', async () => {
    const outcomes: unknown[] = [];
    const stop = subscribeOperation(diagnosticsChannels.getOrCompute, {
      start: () => undefined,
      finish: (context: GetOrComputeContext) => outcomes.push(context.outcome),
    });
    try {
      const cache = createCache({ l2: [memoryL2Store()], grace: '1h' });
      await cache.getOrCompute('k', () => 1, { ttl: '1m' });
      advance(61_000);
      const down = () => Promise.reject(new Error('down'));
      await cache.getOrCompute('k', down, { ttl: '1m' });
      await cache.getOrCompute('k', down, { ttl: '1m' });
    } finally {
      stop();
    }
    expect(outcomes).toEqual(['miss', 'stale', 'stale']);
  });

  it('set keeps a value for its grace too', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    await cache.set('k', 'v', { ttl: '1m', grace: '1h' });
    advance(61_000);
    const down = () => Promise.reject(new Error('down'));
    expect(await cache.getOrCompute('k', down)).toBe('v');
  });

  it('serves the stale value when a strict cache cannot read its shared tier', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2], grace: '1h', strict: true });
    await cache.getOrCompute('k', () => 'v', { ttl: '1m' });
    advance(61_000);
    l2.get = () => Promise.reject(new Error('tier down'));
    expect(await cache.getOrCompute('k', () => 'fresh', { ttl: '1m' })).toBe('v');
    expect(cache.stats()).toMatchObject({ staleServed: 1, requests: 2, misses: 2 });
  });

  it('refuses a hard timeout shorter than the soft one', async () => {
    expect(() => createCache({ timeouts: { soft: 200, hard: 100 } })).toThrow(CacheError);
    const cache = createCache();
    await expect(
      cache.getOrCompute('k', () => 1, { timeouts: { soft: 200, hard: 100 } }),
    ).rejects.toMatchObject({ code: 'configuration' });
  });

  it('lets the error reach the caller when no stale value exists', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h' });
    await expect(cache.getOrCompute('k', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(cache.stats().factoryErrors).toBe(1);
  });

  it('lets the error reach the caller once the grace period is over', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1m' });
    await cache.getOrCompute('k', () => 1, { ttl: '1m' });
    advance(121_000);
    await expect(cache.getOrCompute('k', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
  });

  it('serves the shared tier stale value when L1 lost it (another instance wrote it)', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const a = createCache({ l2: [memoryL2Store({ data: shared })], grace: '1h' });
    const b = createCache({ l2: [memoryL2Store({ data: shared })], grace: '1h' });
    await a.getOrCompute('k', () => 'from a', { ttl: '1m' });
    advance(61_000);
    expect(await b.getOrCompute('k', () => Promise.reject(new Error('down')), { ttl: '1m' })).toBe(
      'from a',
    );
  });

  it('counts a damaged envelope as a decode error and a miss', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2], grace: '1h' });
    await l2.set('k', Uint8Array.from([0, 0x6d, 0x74, 0x65, 1, 2, 3]), 60_000);
    const errors: unknown[] = [];
    cache.on('error', ({ error }) => errors.push(error));
    expect(await cache.getOrCompute('k', () => 'computed')).toBe('computed');
    expect(cache.stats().tiers[0]!.decodeErrors).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'invalid-entry' });
  });

  it('does not return a stale value from get', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h' });
    await cache.getOrCompute('k', () => 1, { ttl: '1m' });
    expect(await cache.get('k')).toBe(1);
    advance(61_000);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('promotes a graced entry with its fresh time and its grace', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const a = createCache({ l2: [memoryL2Store({ data: shared })], grace: '1h' });
    const l1 = memoryL1Store();
    const b = createCache({ l1, l2: [memoryL2Store({ data: shared })] });
    await a.getOrCompute('k', () => 'v', { ttl: '1m' });
    advance(20_000);
    expect(await b.get('k')).toBe('v');
    const held = l1.getWithTtl('k')!;
    expect(held.value).toBeInstanceOf(L1Entry);
    const entry = held.value as L1Entry;
    expect(entry.freshUntil - Date.now()).toBeGreaterThan(39_000);
    expect(entry.freshUntil - Date.now()).toBeLessThanOrEqual(40_000);
    expect(held.ttlMs).toBeGreaterThan(3_600_000 + 39_000);
  });

  it('recomputes a stale key at once with locks on, instead of waiting for a lease the stale entry refuses', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const options = { grace: '1h', lock: { ttl: '5s', wait: '5s' } } as const;
    const a = createCache({ l2: [memoryL2Store({ data: shared })], ...options });
    await a.getOrCompute('k', () => 'old', { ttl: '1m' });
    advance(61_000);
    const recomputed = a.getOrCompute('k', () => 'new', { ttl: '1m' });
    advance(10_000);
    expect(await recomputed).toBe('new');
    expect(a.stats().lockWaitsExpired).toBe(0);
  });

  it('ctx.stale holds the graced value for a conditional refresh', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h' });
    await cache.getOrCompute('k', () => ({ etag: 'a', body: 1 }), { ttl: '1m' });
    advance(61_000);
    let seen: unknown;
    await cache.getOrCompute(
      'k',
      (ctx) => {
        seen = ctx.stale;
        return ctx.stale as object;
      },
      { ttl: '1m' },
    );
    expect(seen).toEqual({ etag: 'a', body: 1 });
  });

  it('ctx.skip() returns the result without caching it', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    const result = await cache.getOrCompute('k', (ctx) => {
      ctx.skip();
      return { status: 404 };
    });
    expect(result).toEqual({ status: 404 });
    expect(await l2.get('k')).toBeUndefined();
    expect(cache.peekL1('k')).toBeUndefined();
  });

  it('ctx.setTtl and ctx.setGrace decide how the result is kept', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    await cache.getOrCompute('k', (ctx) => {
      ctx.setTtl('10s');
      ctx.setGrace('1m');
      return 1;
    });
    const entry = (await l2.get('k'))!;
    expect(entry.ttlMs).toBe(70_000);
    expect(unwrapEntryBytes(entry.value).meta).toMatchObject({ freshMs: 10_000, graceMs: 60_000 });
  });
});

describe('factory timeouts (memory stores)', () => {
  it('hands the stale value out after the soft timeout and stores the new one in the background', async () => {
    const hub = memoryBusHub();
    const shared = new Map<string, MemoryL2Slot>();
    const l1a = memoryL1Store();
    const l1b = memoryL1Store();
    const l2 = memoryL2Store({ data: shared });
    const a = createCache({ l1: l1a, l2: [l2], bus: hub.connect(), grace: '1h' });
    const b = createCache({
      l1: l1b,
      l2: [memoryL2Store({ data: shared })],
      bus: hub.connect(),
      grace: '1h',
    });
    await a.getOrCompute('k', () => 'old', { ttl: 30 });
    await b.getOrCompute('k', () => 'unused', { ttl: 30 });
    await vi.waitFor(() => expect(a.peekL1('k')).toBeUndefined());
    const slow = gate();
    const answer = await a.getOrCompute(
      'k',
      async () => {
        await slow.opened;
        return 'new';
      },
      { ttl: '1m', timeouts: { soft: 20 } },
    );
    expect(answer).toBe('old');
    expect(a.stats().staleServed).toBe(1);
    slow.release();
    await vi.waitFor(() => expect(a.peekL1('k')).toBe('new'));
    await vi.waitFor(async () =>
      expect(text(unwrapEntryBytes((await l2.get('k'))!.value).bytes)).toBe('"new"'),
    );
    await vi.waitFor(() => expect((l1b.get('k') as L1Entry).value).toBe('new'));
    expect(a.stats().backgroundCompletions).toBe(1);
  });

  it('backs off after a background computation fails past the soft timeout', async () => {
    const cache = createCache({ l2: [memoryL2Store()], grace: '1h', graceBackoff: '1h' });
    await cache.getOrCompute('k', () => 'old', { ttl: 20 });
    await vi.waitFor(() => expect(cache.peekL1('k')).toBeUndefined());
    const slow = gate();
    let calls = 0;
    const failing = async () => {
      calls++;
      await slow.opened;
      throw new Error('down');
    };
    const options = { ttl: '1m', timeouts: { soft: 10 } } as const;
    expect(await cache.getOrCompute('k', failing, options)).toBe('old');
    slow.release();
    await vi.waitFor(() => expect(cache.stats().factoryErrors).toBe(1));
    expect(await cache.getOrCompute('k', failing, options)).toBe('old');
    expect(calls).toBe(1);
  });

  it('rejects with CacheError timeout after the hard timeout without a stale value, then stores the value', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    const slow = gate();
    const caught = await cache
      .getOrCompute(
        'k',
        async () => {
          await slow.opened;
          return 'late';
        },
        { timeouts: { hard: 20 } },
      )
      .catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(CacheError);
    expect((caught as CacheError).code).toBe('timeout');
    slow.release();
    await vi.waitFor(() => expect(cache.peekL1('k')).toBe('late'));
    await vi.waitFor(async () => expect(await l2.get('k')).toBeDefined());
  });

  it('joins callers arriving after the hard timeout to the computation still running', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const slow = gate();
    let calls = 0;
    const load = async () => {
      calls++;
      await slow.opened;
      return 'late';
    };
    await expect(cache.getOrCompute('k', load, { timeouts: { hard: 10 } })).rejects.toThrow(
      CacheError,
    );
    const joined = cache.getOrCompute('k', load);
    slow.release();
    expect(await joined).toBe('late');
    expect(calls).toBe(1);
  });

  it('aborts ctx.signal and stores nothing past the hard timeout with background: false', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    let signal: AbortSignal | undefined;
    const slow = gate();
    await expect(
      cache.getOrCompute(
        'k',
        async (ctx) => {
          signal = ctx.signal;
          await slow.opened;
          return 'late';
        },
        { timeouts: { hard: 10, background: false } },
      ),
    ).rejects.toThrow(CacheError);
    expect(signal!.aborted).toBe(true);
    slow.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await l2.get('k')).toBeUndefined();
    expect(cache.peekL1('k')).toBeUndefined();
  });

  it('lets the next caller compute afresh after a hard timeout with background: false', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const slow = gate();
    const hanging = async () => {
      await slow.opened;
      return 'late';
    };
    const options = { timeouts: { hard: 10, background: false } } as const;
    await expect(cache.getOrCompute('k', hanging, options)).rejects.toThrow(CacheError);
    expect(await cache.getOrCompute('k', () => 'next', options)).toBe('next');
    slow.release();
  });

  it('writes nothing from a background completion when the key is deleted meanwhile', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ l2: [l2] });
    const slow = gate();
    let signal: AbortSignal | undefined;
    const first = cache.getOrCompute(
      'k',
      async (ctx) => {
        signal = ctx.signal;
        await slow.opened;
        return 'stale result';
      },
      { timeouts: { hard: 10 } },
    );
    await expect(first).rejects.toThrow(CacheError);
    await cache.delete('k');
    expect(signal!.aborted).toBe(true);
    slow.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await l2.get('k')).toBeUndefined();
    expect(cache.peekL1('k')).toBeUndefined();
  });
});

describe('refresh ahead (memory stores)', () => {
  it('never makes a reader wait: 10,000 reads over three TTL periods, one refresh per period', async () => {
    const cache = createCache({ l2: [memoryL2Store()], refreshAhead: 0.8 });
    let computations = 0;
    const load = async () => {
      computations++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return computations;
    };
    const ttl = 1000;
    await cache.getOrCompute('hot', load, { ttl });
    const started = Date.now();
    let reads = 0;
    while (reads < 10_000) {
      await cache.getOrCompute('hot', load, { ttl });
      reads++;
      if (reads % 50 === 0) {
        const left = started + 3 * ttl - Date.now();
        const pause = Math.max(0, left / ((10_000 - reads) / 50));
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
    const stats = cache.stats();
    expect(stats.misses).toBe(1);
    expect(stats.refreshesAhead).toBe(computations - 1);
    // A refresh starts 800 ms into an entry's 1000 ms and takes 20 ms: three or four in 3 s.
    expect(computations - 1).toBeGreaterThanOrEqual(3);
    expect(computations - 1).toBeLessThanOrEqual(4);
  });

  it('waits graceBackoff after a failed refresh before refreshing again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cache = createCache({ l2: [memoryL2Store()], graceBackoff: '1h' });
      let calls = 0;
      const load = () => {
        calls++;
        if (calls > 1) throw new Error('down');
        return 'v';
      };
      const options = { ttl: '1m', refreshAhead: 0.8 } as const;
      await cache.getOrCompute('k', load, options);
      vi.setSystemTime(Date.now() + 55_000);
      for (let read = 0; read < 20; read++) {
        expect(await cache.getOrCompute('k', load, options)).toBe('v');
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes the value another instance refreshed from the shared tier instead of computing again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const shared = new Map<string, MemoryL2Slot>();
      const a = createCache({ l2: [memoryL2Store({ data: shared })], refreshAhead: 0.8 });
      const b = createCache({ l2: [memoryL2Store({ data: shared })], refreshAhead: 0.8 });
      let calls = 0;
      const load = () => ++calls;
      await a.getOrCompute('k', load, { ttl: '1m' });
      expect(await b.getOrCompute('k', load, { ttl: '1m' })).toBe(1);
      vi.setSystemTime(Date.now() + 55_000);
      expect(await a.getOrCompute('k', load, { ttl: '1m' })).toBe(1);
      await vi.waitFor(() => expect(a.peekL1('k')).toBe(2));
      expect(await b.getOrCompute('k', load, { ttl: '1m' })).toBe(1);
      await vi.waitFor(() => expect(b.peekL1('k')).toBe(2));
      expect(calls).toBe(2);
      expect(b.stats()).toMatchObject({ refreshesAhead: 1, computations: 0 });
      for (const stats of [a.stats(), b.stats()]) {
        expect(stats.hits + stats.misses).toBe(stats.requests);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts no refresh before the refresh point', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    let computations = 0;
    const load = () => ++computations;
    await cache.getOrCompute('k', load, { ttl: '1m', refreshAhead: 0.8 });
    await cache.getOrCompute('k', load, { ttl: '1m', refreshAhead: 0.8 });
    expect(computations).toBe(1);
  });
});

describe('expire (memory stores)', () => {
  function pair() {
    const hub = memoryBusHub();
    const shared = new Map<string, MemoryL2Slot>();
    const make = () => {
      const l1 = memoryL1Store();
      const l2 = memoryL2Store({ data: shared });
      return { l1, l2, cache: createCache({ l1, l2: [l2], bus: hub.connect(), grace: '1h' }) };
    };
    return [make(), make()] as const;
  }

  it('makes a graced entry stale on every instance and tier, keeping it as a fallback', async () => {
    const [a, b] = pair();
    await a.cache.getOrCompute('k', () => 'v1', { ttl: '1m' });
    expect(await b.cache.getOrCompute('k', () => 'unused', { ttl: '1m' })).toBe('v1');
    await a.cache.expire('k');
    await vi.waitFor(() => expect((b.l1.get('k') as L1Entry).freshUntil).toBe(0));
    expect(await a.cache.get('k')).toBeUndefined();
    expect(await b.cache.get('k')).toBeUndefined();
    const down = () => Promise.reject(new Error('down'));
    expect(await b.cache.getOrCompute('k', down, { ttl: '1m' })).toBe('v1');
    expect(await a.cache.getOrCompute('k', () => 'v2', { ttl: '1m' })).toBe('v2');
  });

  it('removes entries without grace, as delete does', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({ l1, l2: [l2] });
    await cache.set('k', 1);
    await cache.expire(['k']);
    expect(l1.get('k')).toBeUndefined();
    expect(await l2.get('k')).toBeUndefined();
  });

  it('rejects an invalid key with invalid-key and writes nothing', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    await expect(cache.expire('')).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
