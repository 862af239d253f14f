import { describe, expect, it, vi } from 'vitest';
import { CacheError } from '../errors.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { CacheStrategy } from '../strategy.js';
import { createCache } from './create-cache.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function twoTierCache(options: Parameters<typeof createCache>[0] = {}) {
  const l1 = memoryL1Store();
  const l2 = memoryL2Store();
  return { l1, l2, cache: createCache({ l1, l2: [l2], ...options }) };
}

describe('get and set', () => {
  it('returns what was set, from L1, and counts the hit', async () => {
    const { cache } = twoTierCache();
    await cache.set('user:1', { name: 'Ada' });
    expect(await cache.get('user:1')).toEqual({ name: 'Ada' });
    expect(cache.stats()).toMatchObject({ requests: 1, l1Hits: 1, hits: 1, misses: 0, hitRate: 1 });
  });

  it('caches null as a value and refuses undefined with a clear error', async () => {
    const { cache, l2 } = twoTierCache();
    await cache.set('nothing', null);
    expect(await cache.get('nothing')).toBeNull();
    expect(new TextDecoder().decode((await l2.get('nothing'))!.value)).toBe('null');
    await expect(cache.set('u', undefined)).rejects.toMatchObject({ code: 'invalid-value' });
  });

  it('counts every concurrent caller of one shared-tier read as a hit or a miss', async () => {
    const { cache, l2 } = twoTierCache();
    await l2.set('hit', encode(1), 60_000);
    await Promise.all(Array.from({ length: 10 }, () => cache.get('hit')));
    await Promise.all(Array.from({ length: 10 }, () => cache.get('miss')));
    expect(cache.stats()).toMatchObject({
      requests: 20,
      l2Hits: 10,
      misses: 10,
      coalesced: 18,
      hitRate: 0.5,
    });
  });

  it('counts a miss and resolves undefined when no tier has the key', async () => {
    const { cache } = twoTierCache();
    expect(await cache.get('absent')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ requests: 1, misses: 1, hitRate: 0 });
  });

  it('writes strategies and string TTLs as milliseconds to every tier', async () => {
    const { cache, l1, l2 } = twoTierCache();
    await cache.set('rt', 1, CacheStrategy.RealTime);
    await cache.set('str', 2, { ttl: '2h' });
    expect((await l2.get('rt'))!.ttlMs).toBeGreaterThan(9_000);
    expect((await l2.get('rt'))!.ttlMs).toBeLessThanOrEqual(10_000);
    expect((await l2.get('str'))!.ttlMs).toBeGreaterThan(7_000_000);
    // L1 is capped at 5 minutes by default, like the Rust crate's L1.
    expect(l1.getWithTtl('str')!.ttlMs).toBeLessThanOrEqual(300_000);
    await expect(cache.set('bad', 1, { ttl: 'soon' as never })).rejects.toMatchObject({
      code: 'invalid-ttl',
    });
  });

  it('rejects invalid keys without touching any tier', async () => {
    const { cache, l2 } = twoTierCache({ maxKeyLength: 8 });
    await expect(cache.get('')).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(cache.get(42 as never)).rejects.toBeInstanceOf(CacheError);
    await expect(cache.set('much-too-long', 1)).rejects.toThrow(/maxKeyLength/);
    await expect(cache.getOrCompute('', () => 1)).rejects.toMatchObject({ code: 'invalid-key' });
    expect(await l2.get('much-too-long')).toBeUndefined();
  });
});

describe('serialization', () => {
  it.each([
    ['a BigInt', { n: 1n }],
    ['a function', { f: () => 1 }],
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
    ],
  ])('refuses %s with not-serializable before any tier is written', async (_, value) => {
    const { cache, l1, l2 } = twoTierCache();
    await expect(cache.set('k', value)).rejects.toMatchObject({ code: 'not-serializable' });
    expect(l1.get('k')).toBeUndefined();
    expect(await l2.get('k')).toBeUndefined();
  });

  it('never lets a cached __proto__ key reach a prototype', async () => {
    const { cache, l2 } = twoTierCache();
    await l2.set('evil', new TextEncoder().encode('{"__proto__":{"polluted":true},"a":1}'), 60_000);
    await l2.set(
      'evil2',
      new TextEncoder().encode('{"\\u005f_proto__":{"polluted":true}}'),
      60_000,
    );
    const value = (await cache.get<Record<string, unknown>>('evil'))!;
    await cache.get('evil2');
    expect(value.a).toBe(1);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.assign({}, value).polluted).toBeUndefined();
  });

  it('counts bytes that do not decode as a miss, not an exception', async () => {
    const { cache, l2 } = twoTierCache();
    await l2.set('garbage', new Uint8Array([0xff, 0x00, 0x7b]), 60_000);
    expect(await cache.get('garbage')).toBeUndefined();
    expect(cache.stats().tiers[0]).toMatchObject({ decodeErrors: 1, hits: 0 });
    expect(cache.stats().misses).toBe(1);
  });

  it('refuses a value larger than a tier accepts before writing anything', async () => {
    const l1 = memoryL1Store();
    const small: L2Store = { ...memoryL2Store(), maxValueBytes: 10 };
    const cache = createCache({ l1, l2: [small] });
    await expect(cache.set('big', 'x'.repeat(100))).rejects.toMatchObject({
      code: 'value-too-large',
    });
    expect(l1.get('big')).toBeUndefined();
  });
});

describe('promotion', () => {
  it('promotes an L2 hit into L1 with the TTL L2 still has', async () => {
    const { cache, l1, l2 } = twoTierCache();
    await l2.set('k', encode('v'), 42_000);
    const events: unknown[] = [];
    cache.on('promotion', (event) => events.push(event));
    expect(await cache.get('k')).toBe('v');
    const ttl = l1.getWithTtl('k')!.ttlMs;
    expect(ttl).toBeLessThanOrEqual(42_000);
    expect(ttl).toBeGreaterThan(41_000);
    expect(cache.stats()).toMatchObject({ l2Hits: 1, promotions: 1 });
    expect(events).toEqual([
      { key: 'k', from: 'memory-l2', to: 'memory', ttlMs: expect.any(Number) },
    ]);
  });

  it('caps the promoted TTL at L1 maximum', async () => {
    const { cache, l1, l2 } = twoTierCache({ l1MaxTtl: '1m' });
    await l2.set('k', encode('v'), 3_600_000);
    await cache.get('k');
    expect(l1.getWithTtl('k')!.ttlMs).toBeLessThanOrEqual(60_000);
  });

  it('promotes an L3 hit into L2 and L1, each with the remaining TTL capped by its maximum', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store({ name: 'l2' });
    const l3 = memoryL2Store({ name: 'l3' });
    const cache = createCache({ l1, l2: [{ store: l2, maxTtl: '20s' }, l3] });
    await l3.set('k', encode(7), 30_000);
    expect(await cache.get('k')).toBe(7);
    await vi.waitFor(async () => expect(await l2.get('k')).toBeDefined());
    expect((await l2.get('k'))!.ttlMs).toBeLessThanOrEqual(20_000);
    expect(l1.getWithTtl('k')!.ttlMs).toBeLessThanOrEqual(30_000);
    expect(cache.stats().tiers.map((tier) => tier.hits)).toEqual([0, 1]);
  });

  it('skips a tier configured not to receive promotions', async () => {
    const l2 = memoryL2Store({ name: 'l2' });
    const l3 = memoryL2Store({ name: 'l3' });
    const cache = createCache({ l2: [{ store: l2, promote: false }, l3] });
    await l3.set('k', encode(1), 30_000);
    await cache.get('k');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await l2.get('k')).toBeUndefined();
  });

  it('scales the TTL written to lower tiers', async () => {
    const l2 = memoryL2Store({ name: 'l2' });
    const l3 = memoryL2Store({ name: 'l3' });
    const cache = createCache({ l2: [l2, { store: l3, ttlScale: 2 }] });
    await cache.set('k', 1, { ttl: '10s' });
    expect((await l3.get('k'))!.ttlMs).toBeGreaterThan(19_000);
  });
});

describe('L1 access for layers on top', () => {
  it('peekL1 returns L1 values synchronously and counts only hits', async () => {
    const { cache } = twoTierCache();
    expect(cache.peekL1('k')).toBeUndefined();
    expect(cache.stats().requests).toBe(0);
    await cache.set('k', { a: 1 });
    expect(cache.peekL1('k')).toEqual({ a: 1 });
    expect(cache.stats()).toMatchObject({ requests: 1, l1Hits: 1 });
  });

  it('replaceInL1 swaps the value only while L1 still holds the expected one, keeping its TTL', async () => {
    const { cache, l1, l2 } = twoTierCache();
    await cache.set('k', { raw: true }, { ttl: '1m' });
    const raw = l1.get('k');
    expect(cache.replaceInL1('k', { raw: true }, { decoded: true })).toBe(false);
    expect(cache.replaceInL1('k', raw, { decoded: true })).toBe(true);
    expect(l1.get('k')).toEqual({ decoded: true });
    expect(l1.getWithTtl('k')!.ttlMs).toBeLessThanOrEqual(60_000);
    expect(new TextDecoder().decode((await l2.get('k'))!.value)).toBe('{"raw":true}');
  });
});
