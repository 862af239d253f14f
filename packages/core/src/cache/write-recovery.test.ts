import { describe, expect, it } from 'vitest';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { createCache } from './create-cache.js';
import { WriteRecovery } from './write-recovery.js';

/** A memory tier that refuses every call while `down` (core's own unit tests only). */
function switchableStore(data: Map<string, MemoryL2Slot>): L2Store & { down: boolean } {
  const base = memoryL2Store({ name: 'switchable', data });
  const store = { ...base, down: false } as L2Store & { down: boolean };
  for (const method of [
    'get',
    'getMany',
    'set',
    'setMany',
    'delete',
    'deleteMatching',
    'clear',
    'ping',
  ] as const) {
    const call = (base[method] as (...args: unknown[]) => Promise<unknown>).bind(base);
    (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      store.down ? Promise.reject(new Error('ECONNREFUSED')) : call(...args);
  }
  return store;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('WriteRecovery', () => {
  it('keeps the newest write per key and blocks reads of the keys it holds', () => {
    const recovery = new WriteRecovery(10);
    recovery.set('a', new Uint8Array([1]), 1000, 5);
    recovery.delete(['a', 'b']);
    expect(recovery.blocks('a')).toBe(true);
    expect(recovery.blocks('c')).toBe(false);
    const plan = recovery.take();
    expect(plan.clear).toBe(false);
    expect(plan.writes).toEqual([
      ['a', { kind: 'delete' }],
      ['b', { kind: 'delete' }],
    ]);
    expect(recovery.pending).toBe(false);
  });

  it('turns into a clear past maxKeys, and after a failure that names no keys', () => {
    const recovery = new WriteRecovery(2);
    recovery.delete(['a', 'b', 'c']);
    expect(recovery.blocks('anything')).toBe(true);
    expect(recovery.take()).toEqual({ clear: true, writes: [] });
    recovery.clearDue();
    expect(recovery.take().clear).toBe(true);
  });

  it('does not restore a write over a newer one recorded meanwhile', () => {
    const recovery = new WriteRecovery(10);
    recovery.set('a', new Uint8Array([1]), 1000, 5);
    const [[key, write]] = recovery.take().writes as [[string, never]];
    recovery.delete(['a']);
    recovery.restore(key, write);
    expect(recovery.take().writes).toEqual([['a', { kind: 'delete' }]]);
  });
});

describe('replay of failed shared-tier writes', () => {
  it('replays a failed delete once the tier answers, and reads of the key miss that tier until then', async () => {
    const data = new Map<string, MemoryL2Slot>();
    const store = switchableStore(data);
    const cache = createCache({
      l1: false,
      l2: [{ store, recoveryProbeInterval: 10 }],
      breaker: { failureThreshold: 100, cooldownMs: 10 },
    });
    await cache.set('k', 'old');
    store.down = true;
    await cache.delete('k');
    store.down = false;
    expect(await cache.get('k')).toBeUndefined();
    await until(() => !data.has('mtc:k'));
    expect(await cache.get('k')).toBeUndefined();
    await cache.close();
  });

  it('clears the whole prefix once the queue overflowed', async () => {
    const data = new Map<string, MemoryL2Slot>();
    const store = switchableStore(data);
    const cache = createCache({
      l1: false,
      l2: [{ store, recoveryMaxKeys: 2, recoveryProbeInterval: 10 }],
      breaker: { failureThreshold: 100, cooldownMs: 10 },
    });
    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
      { key: 'untouched', value: 4 },
    ]);
    store.down = true;
    await cache.delete(['a', 'b', 'c']);
    store.down = false;
    expect(await cache.get('untouched')).toBeUndefined();
    await until(() => data.size === 0);
    await cache.set('after', 5);
    expect(await cache.get('after')).toBe(5);
    await cache.close();
  });
});
