import { randomUUID } from 'node:crypto';
import { createCache } from '@multi-tier-cache/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';
import { type BatchInstance, startBatchInstance } from './batch-instance.js';

describe('getOrComputeMany under leases across processes (node-redis)', () => {
  const started: BatchInstance[] = [];
  afterEach(() => {
    for (const instance of started.splice(0)) instance.stop();
  });

  it('computes the 50 missing keys of 100 once; the other process’s batch and single-key callers join', async () => {
    const storeOptions = { url: inject('redisUrl'), prefix: `lease-batch-${randomUUID()}:` };
    const keys = Array.from({ length: 100 }, (_, index) => `item:${index}`);
    const seeding = createCache({ l1: false, l2: [nodeRedisStore(storeOptions)] });
    await seeding.setMany(keys.slice(0, 50).map((key) => ({ key, value: `${key} cached` })));
    await seeding.close();
    const [holder, other] = await Promise.all(
      [0, 1].map(() => startBatchInstance(storeOptions, { ttlMs: 5_000, waitMs: 5_000 })),
    );
    started.push(holder!, other!);

    const holding = holder!.batch(keys, 300);
    await holder!.computing;
    const [joined, single] = await Promise.all([other!.batch(keys, 0), other!.one('item:70', 0)]);
    const held = await holding;

    expect(held.calls).toEqual([keys.slice(50)]);
    expect(joined.calls).toEqual([]);
    expect(single.calls).toEqual([]);
    expect(joined.values).toEqual(held.values);
    expect(single.values).toEqual([held.values[70]]);
    expect(held.values.slice(0, 50)).toEqual(keys.slice(0, 50).map((key) => `${key} cached`));
  });
});
