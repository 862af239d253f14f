import { describe, expect, it, vi } from 'vitest';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function pair() {
  const shared = new Map<string, MemoryL2Slot>();
  const hub = memoryBusHub();
  const make = () =>
    createCache({ l1: memoryL1Store(), l2: [memoryL2Store({ data: shared })], bus: hub.connect() });
  return { a: make(), b: make(), shared };
}

describe('has and tags', () => {
  it('does not report an entry whose tag was invalidated, in L1 or in the shared tier', async () => {
    const { a, b } = pair();
    await a.set('page:1', 'p1', { tags: 'product:7' });
    await a.set('page:2', 'p2', { tags: 'product:9' });
    expect(await a.has('page:1')).toBe(true);
    expect(await b.has('page:1')).toBe(true);
    await a.deleteByTag('product:7');
    expect(await a.has('page:1')).toBe(false);
    expect(await b.has('page:1')).toBe(false);
    expect(await a.has('page:2')).toBe(true);
  });

  it('does not report an invalidated entry from the shared tier to an instance started later', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const a = createCache({ l2: [memoryL2Store({ data: shared })] });
    await a.set('page:1', 'p1', { tags: 'product:7' });
    await a.deleteByTag('product:7');
    const later = createCache({ l2: [memoryL2Store({ data: shared })] });
    expect(await later.has('page:1')).toBe(false);
  });
});

describe('tags in setMany and updateCache', () => {
  it('setMany tags each entry on its own', async () => {
    const { a, b } = pair();
    await a.setMany([
      { key: 'page:1', value: 'p1', tags: 'product:7' },
      { key: 'page:2', value: 'p2', tags: ['product:9'] },
      { key: 'plain', value: 'x' },
    ]);
    expect(await b.get('page:1')).toBe('p1');
    await a.deleteByTag('product:7');
    for (const cache of [a, b]) {
      expect(await cache.get('page:1')).toBeUndefined();
      expect(await cache.get('page:2')).toBe('p2');
      expect(await cache.get('plain')).toBe('x');
    }
  });

  it('setMany refuses a bad tag before writing anything', async () => {
    const { a } = pair();
    await expect(
      a.setMany([
        { key: 'k1', value: 1 },
        { key: 'k2', value: 2, tags: ['__mtc:x'] },
      ]),
    ).rejects.toMatchObject({ code: 'invalid-key' });
    expect(await a.get('k1')).toBeUndefined();
  });

  it('updateCache tags the value it pushes to every instance', async () => {
    const { a, b } = pair();
    await a.updateCache('page:1', 'p1', { ttl: '1h', tags: ['product:7'] });
    await vi.waitFor(() => expect(b.peekL1('page:1')).toBe('p1'));
    await a.deleteByTag('product:7');
    expect(b.peekL1('page:1')).toBeUndefined();
    expect(await a.get('page:1')).toBeUndefined();
    expect(await b.get('page:1')).toBeUndefined();
  });
});

describe('tags in getOrComputeMany', () => {
  it('tags every value it computes, in L1 and in the shared tier', async () => {
    const { a, b } = pair();
    const compute = vi.fn(
      async (keys: readonly string[]) => new Map(keys.map((k) => [k, `v:${k}`])),
    );
    expect(await a.getOrComputeMany(['page:1', 'page:2'], compute, { tags: 'product:7' })).toEqual([
      'v:page:1',
      'v:page:2',
    ]);
    expect(await b.get('page:1')).toBe('v:page:1');
    await a.deleteByTag('product:7');
    expect(await a.get('page:1')).toBeUndefined();
    expect(await b.get('page:2')).toBeUndefined();
    const later = createCache({ l2: [memoryL2Store({ data: new Map() })] });
    expect(await later.get('page:1')).toBeUndefined();
  });

  it('invalidates a value whose computation was running when deleteByTag was called', async () => {
    const { a } = pair();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = a.getOrComputeMany(
      ['page:1'],
      async (keys) => {
        await gate;
        return new Map(keys.map((k) => [k, 'old']));
      },
      { tags: 'product:7' },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    await a.deleteByTag('product:7');
    release();
    expect(await running).toEqual(['old']);
    expect(await a.get('page:1')).toBeUndefined();
  });
});
