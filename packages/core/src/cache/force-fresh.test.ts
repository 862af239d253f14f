import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release };
}

describe('getOrCompute with forceFresh', () => {
  it('computes without reading the tiers and overwrites every tier', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({ l1, l2: [l2] });
    await l2.set('k', encode('old'), 60_000);
    expect(await cache.getOrCompute('k', () => 'new', { forceFresh: true, ttl: '1m' })).toBe('new');
    expect(l1.get('k')).toBe('new');
    expect(new TextDecoder().decode((await l2.get('k'))!.value)).toBe('"new"');
  });

  it('computes even when L1 holds the key', async () => {
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: [memoryL2Store()] });
    await cache.set('k', 'old');
    expect(await cache.getOrCompute('k', () => 'new', { forceFresh: true })).toBe('new');
    expect(l1.get('k')).toBe('new');
  });

  it('writes nothing when the key is invalidated during the computation', async () => {
    const l1 = memoryL1Store();
    const l2 = memoryL2Store();
    const cache = createCache({ l1, l2: [l2] });
    await l2.set('k', encode('old'), 60_000);
    const { opened, release } = gate();
    let started = false;
    const pending = cache.getOrCompute(
      'k',
      async () => {
        started = true;
        await opened;
        return 'computed-before-invalidate';
      },
      { forceFresh: true },
    );
    await expect.poll(() => started).toBe(true);
    await cache.invalidate('k');
    release();
    expect(await pending).toBe('computed-before-invalidate');
    expect(l1.get('k')).toBeUndefined();
    expect(await l2.get('k')).toBeUndefined();
  });

  it('shares its computation with callers that come during it', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const { opened, release } = gate();
    let runs = 0;
    const fresh = cache.getOrCompute(
      'k',
      async () => {
        runs++;
        await opened;
        return 'fresh';
      },
      { forceFresh: true },
    );
    const joined = cache.getOrCompute('k', () => 'other');
    release();
    expect(await Promise.all([fresh, joined])).toEqual(['fresh', 'fresh']);
    expect(runs).toBe(1);
  });
});
