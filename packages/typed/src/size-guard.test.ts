import {
  CacheError,
  createCache,
  jsonSerializer,
  memoryL1Store,
  memoryL2Store,
} from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { sizeGuard } from './size-guard.js';

describe('sizeGuard', () => {
  it('refuses an oversized value with value-too-large and writes no tier', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({
      l1,
      l2: [l2],
      serializer: sizeGuard(jsonSerializer(), { maxBytes: 64 }),
    });
    const error = await cache.set('big', 'x'.repeat(100)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CacheError);
    expect(error).toMatchObject({ code: 'value-too-large' });
    expect((error as Error).message).toMatch(/102 bytes as json; the size guard allows 64/);
    expect(l1.get('big')).toBeUndefined();
    expect(await l2.get('big')).toBeUndefined();
    await cache.set('small', 'ok');
    expect(await cache.get('small')).toBe('ok');
  });

  it('treats an oversized payload from a shared tier as a miss', async () => {
    const l2 = memoryL2Store();
    await l2.set('big', new TextEncoder().encode(JSON.stringify('y'.repeat(100))), 60_000);
    const cache = createCache({
      l2: [l2],
      serializer: sizeGuard(jsonSerializer(), { maxBytes: 64 }),
    });
    expect(await cache.get('big')).toBeUndefined();
    expect(cache.stats().tiers[0]).toMatchObject({ decodeErrors: 1 });
  });

  it('reads oversized payloads when checkReads is off', () => {
    const serializer = sizeGuard(jsonSerializer(), { maxBytes: 4, checkReads: false });
    expect(serializer.name).toBe('json+size-guard');
    expect(serializer.deserialize(new TextEncoder().encode('"long text"'))).toBe('long text');
  });

  it('refuses a maxBytes that is not a positive integer', () => {
    expect(() => sizeGuard(jsonSerializer(), { maxBytes: 0 })).toThrow(/positive integer/);
  });
});
