import {
  createCache,
  losslessSerializer,
  memoryBusHub,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { getTyped } from './get-typed.js';
import { typedStats } from './typed-stats.js';

/** Two instances connected by a bus only: what B holds came in through the bus. */
function linked() {
  const hub = memoryBusHub();
  const l1 = memoryL1Store();
  return {
    l1,
    a: createCache({ serializer: losslessSerializer(), l1: memoryL1Store(), bus: hub.connect() }),
    b: createCache({ serializer: losslessSerializer(), l1, bus: hub.connect() }),
  };
}

describe('values pushed by another instance through the bus', () => {
  const Price = z.object({ symbol: z.string(), at: z.coerce.date(), value: z.number() });

  it('are validated on the first typed read and restored through the schema', async () => {
    const { a, b, l1 } = linked();
    const at = new Date('2025-07-07T07:00:00Z');
    await a.updateCache('price:btc', { symbol: 'BTC', at, value: 64_000 });
    await vi.waitFor(() => expect(l1.get('price:btc')).toBeDefined());
    const compute = vi.fn(() => ({ symbol: 'BTC', at: new Date(), value: 0 }));
    const read = await getOrComputeTyped(b, 'price:btc', Price, compute);
    expect(read).toEqual({ symbol: 'BTC', at, value: 64_000 });
    expect(compute).not.toHaveBeenCalled();
    expect(await getTyped(b, 'price:btc', Price)).toBe(read);
    expect(typedStats(b)).toMatchObject({ validations: 1, invalid: 0 });
  });

  it('are a miss when they fail the schema', async () => {
    const { a, b, l1 } = linked();
    await a.updateCache('price:eth', { symbol: 'ETH', value: 'a lot' });
    await vi.waitFor(() => expect(l1.get('price:eth')).toBeDefined());
    const fresh = { symbol: 'ETH', at: new Date(0), value: 3_000 };
    expect(await getOrComputeTyped(b, 'price:eth', Price, () => fresh)).toBe(fresh);
    expect(l1.get('price:eth')).toBe(fresh);
    expect(typedStats(b)).toMatchObject({ invalid: 1, recomputed: 1 });
  });
});
