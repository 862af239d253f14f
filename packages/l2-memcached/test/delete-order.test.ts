import { randomUUID } from 'node:crypto';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { memcachedStore } from '../src/index.js';

const url = inject('memcachedUrl');
const RUNS = 25;
const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

function cacheOn(prefix: string) {
  const l1 = memoryL1Store();
  const cache = createCache({ l1, l2: [memcachedStore({ servers: url, prefix })] });
  closers.push(() => cache.close());
  return { l1, cache };
}

describe('a delete is not overtaken', () => {
  for (const namespace of ['not yet read', 'already read'] as const) {
    it(`a get started with a delete never puts the deleted value in L1 (namespace ${namespace}, ${RUNS} runs)`, async () => {
      const dirty: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const prefix = `order:${randomUUID()}:`;
        await cacheOn(prefix).cache.set('k', 'old');
        const { l1, cache } = cacheOn(prefix);
        if (namespace === 'already read') await cache.get('warm-up');
        await Promise.all([cache.delete('k'), cache.get('k')]);
        if (l1.get('k') !== undefined || (await cache.get('k')) !== undefined) dirty.push(run);
      }
      expect(dirty).toEqual([]);
    });
  }
});
