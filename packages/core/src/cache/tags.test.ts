import { describe, expect, it, vi } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';
import { unwrapEntryBytes } from './entry-envelope.js';

function instances(count: number, bus: () => Bus | undefined = memoryBusHub().connect) {
  const shared = new Map<string, MemoryL2Slot>();
  const list = Array.from({ length: count }, () => {
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: [memoryL2Store({ data: shared })], bus: bus() });
    return { l1, cache };
  });
  return { shared, list, fresh: () => createCache({ l2: [memoryL2Store({ data: shared })] }) };
}

/** A bus that delivers nothing and says so, as one whose subscriber was killed. */
function deafBus(): Bus {
  return {
    publish: async () => {},
    subscribe: () => () => {},
    stats: () => ({ subscribed: false }),
    close: async () => {},
  };
}

describe('tags', () => {
  it('deleteByTag removes tagged entries on every instance and leaves the others', async () => {
    const hub = memoryBusHub();
    const {
      list: [a, b, c],
    } = instances(3, () => hub.connect());
    await a!.cache.set('page:1', 'p1', { tags: ['product:7'] });
    await a!.cache.set('page:2', 'p2', { tags: ['product:7', 'product:9'] });
    await a!.cache.set('page:3', 'p3', { tags: ['product:9'] });
    await a!.cache.set('plain', 'x');
    for (const { cache } of [b!, c!]) {
      for (const key of ['page:1', 'page:2', 'page:3', 'plain']) await cache.get(key);
    }
    await a!.cache.deleteByTag('product:7');
    for (const { cache } of [a!, b!, c!]) {
      await vi.waitFor(async () => expect(await cache.get('page:1')).toBeUndefined());
      expect(await cache.get('page:2')).toBeUndefined();
      expect(await cache.get('page:3')).toBe('p3');
      expect(await cache.get('plain')).toBe('x');
    }
  });

  it('an instance that missed the message never serves an invalidated entry from the shared tier', async () => {
    let first = true;
    const hub = memoryBusHub();
    const {
      list: [a, b],
    } = instances(2, () => {
      if (first) {
        first = false;
        return hub.connect();
      }
      return deafBus();
    });
    await a!.cache.set('page:1', 'old', { tags: ['product:7'] });
    expect(await b!.cache.get('page:1')).toBe('old');
    b!.l1.clear();
    await a!.cache.deleteByTag('product:7');
    expect(await b!.cache.get('page:1')).toBeUndefined();
  });

  it('an instance started after deleteByTag reads the tag time from the shared tier', async () => {
    const { list, fresh } = instances(1);
    const a = list[0]!;
    await a.cache.set('page:1', 'old', { tags: 'product:7' });
    await a.cache.deleteByTag('product:7');
    const later = fresh();
    expect(await later.get('page:1')).toBeUndefined();
    await later.set('page:1', 'new', { tags: 'product:7' });
    expect(await later.get('page:1')).toBe('new');
  });

  it('writes one key per tag, whatever the number of tagged entries', async () => {
    const { shared, list } = instances(1);
    const a = list[0]!;
    for (let index = 0; index < 1000; index++) {
      await a.cache.set(`item:${index}`, index, { tags: ['bulk'], broadcast: false });
    }
    const before = shared.size;
    await a.cache.deleteByTag('bulk');
    expect(shared.size).toBe(before + 1);
    expect(await a.cache.get('item:500')).toBeUndefined();
  });

  it('getOrCompute tags its value with the tags option and ctx.setTags', async () => {
    const { list } = instances(1);
    const cache = list[0]!.cache;
    await cache.getOrCompute('page:1', () => 'a', { tags: ['x'] });
    await cache.getOrCompute('page:2', (ctx) => {
      ctx.setTags(['y']);
      return 'b';
    });
    await cache.deleteByTag('y');
    expect(await cache.get('page:1')).toBe('a');
    expect(await cache.get('page:2')).toBeUndefined();
    await cache.deleteByTag(['x']);
    expect(await cache.get('page:1')).toBeUndefined();
  });

  it('a value computed while deleteByTag runs is invalidated by it', async () => {
    const { list } = instances(1);
    const cache = list[0]!.cache;
    let release!: () => void;
    const computing = cache.getOrCompute(
      'page:1',
      () => new Promise<string>((resolve) => (release = () => resolve('read before'))),
      { tags: 'product:7' },
    );
    await vi.waitFor(() => expect(release).toBeDefined());
    await cache.deleteByTag('product:7');
    release();
    expect(await computing).toBe('read before');
    expect(await cache.get('page:1')).toBeUndefined();
  });

  it('a tagged entry written after deleteByTag is served', async () => {
    const { list } = instances(1);
    const cache = list[0]!.cache;
    await cache.set('k', 1, { tags: 't' });
    await cache.deleteByTag('t');
    await cache.set('k', 2, { tags: 't' });
    expect(await cache.get('k')).toBe(2);
  });

  it('stores tagged entries in the envelope with their tags; untagged ones plain', async () => {
    const { shared, list } = instances(1);
    await list[0]!.cache.set('tagged', 1, { tags: ['a', 'b'] });
    await list[0]!.cache.set('plain', 1);
    const tagged = unwrapEntryBytes(shared.get('mtc:tagged')!.value);
    expect(tagged.meta?.tags).toEqual(['a', 'b']);
    expect(unwrapEntryBytes(shared.get('mtc:plain')!.value).meta).toBeUndefined();
    expect(list[0]!.l1.get('plain')).toBe(1);
  });

  it('getMany misses tagged entries whose tag was invalidated', async () => {
    const hub = memoryBusHub();
    const {
      list: [a, b],
    } = instances(2, () => hub.connect());
    await a!.cache.set('k1', 1, { tags: 't' });
    await a!.cache.set('k2', 2, { tags: 'u' });
    await a!.cache.deleteByTag('t');
    expect(await b!.cache.getMany(['k1', 'k2'])).toEqual([undefined, 2]);
  });

  it('refuses reserved, empty and non-string tags', async () => {
    const cache = createCache();
    await expect(cache.set('k', 1, { tags: ['__mtc:x'] })).rejects.toMatchObject({
      code: 'invalid-key',
    });
    await expect(cache.deleteByTag('')).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(
      cache.getOrCompute('k', () => 1, { tags: [1 as unknown as string] }),
    ).rejects.toMatchObject({ code: 'invalid-key' });
    expect(await cache.get('k')).toBeUndefined();
  });
});

describe('tags when the tier cannot say', () => {
  it('a tagged entry whose tag times cannot be read is a miss, counted as a tier error', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const writer = createCache({ l2: [memoryL2Store({ data: shared })] });
    await writer.set('page:1', 'p', { tags: 't' });
    const inner = memoryL2Store({ data: shared });
    const failingTagReads = {
      ...inner,
      getMany: async (keys: readonly string[]) => {
        if (keys.some((key) => key.startsWith('__mtc:tag:'))) throw new Error('tag read failed');
        return inner.getMany(keys);
      },
    };
    const reader = createCache({ l2: [failingTagReads] });
    expect(await reader.get('page:1')).toBeUndefined();
    expect(reader.stats().tiers[0]!.errors).toBe(1);
    expect(await reader.get('plain')).toBeUndefined();
  });
});
