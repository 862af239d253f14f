import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it, vi } from 'vitest';
import { lruStore } from './lru-store.js';

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: keep the event loop (and any clock-resetting timer) blocked
  }
}

describe('lruStore', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const store = lruStore({ maxEntries: 3 });
    store.set('a', 1, 60_000);
    store.set('b', 2, 60_000);
    store.set('c', 3, 60_000);
    expect(store.get('a')).toBe(1); // a is now the most recently used
    store.set('d', 4, 60_000);
    expect(store.get('b')).toBeUndefined();
    expect([store.get('a'), store.get('c'), store.get('d')]).toEqual([1, 3, 4]);
    expect(store.size).toBe(3);
  });

  it('evicts least recently used entries to stay within maxBytes', () => {
    const store = lruStore({
      maxBytes: 1000,
      sizeOf: (value) => (value as { bytes: number }).bytes,
    });
    store.set('a', { bytes: 400 }, 60_000); // 400 + 2 for the key
    store.set('b', { bytes: 400 }, 60_000);
    expect(store.size).toBe(2);
    store.set('c', { bytes: 400 }, 60_000);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toEqual({ bytes: 400 });
    expect(store.get('c')).toEqual({ bytes: 400 });
  });

  it('does not cache a value larger than maxBytes, and drops the older value of that key', () => {
    const store = lruStore({ maxBytes: 1000, sizeOf: (value) => String(value).length });
    store.set('small', 'x', 60_000);
    store.set('k', 'old', 60_000);
    store.set('k', 'y'.repeat(2000), 60_000);
    expect(store.get('k')).toBeUndefined();
    expect(store.get('small')).toBe('x');
  });

  it('sizes values with the default estimate when maxBytes is set', () => {
    const store = lruStore({ maxBytes: 10_000 });
    store.set('first', 'a'.repeat(3000), 60_000); // about 6 KB
    store.set('second', 'b'.repeat(3000), 60_000);
    expect(store.get('first')).toBeUndefined();
    expect(store.get('second')).toBe('b'.repeat(3000));
  });

  it('counts the key towards maxBytes', () => {
    const store = lruStore({ maxBytes: 100, sizeOf: () => 1 });
    store.set('k'.repeat(60), 1, 60_000); // 1 + 120 bytes: over budget on its own
    expect(store.size).toBe(0);
  });

  it('never returns an entry past its TTL, even while the event loop is blocked', () => {
    const store = lruStore();
    store.set('k', 'v', 5);
    expect(store.get('k')).toBe('v');
    busyWait(20);
    expect(store.get('k')).toBeUndefined();
    store.set('k2', 'v', 5);
    busyWait(20);
    expect(store.getWithTtl('k2')).toBeUndefined();
  });

  it('reports the remaining TTL in milliseconds, counting down', async () => {
    const store = lruStore();
    store.set('k', 'v', 10_000);
    const first = store.getWithTtl('k')!.ttlMs;
    expect(first).toBeGreaterThan(5_000);
    expect(first).toBeLessThanOrEqual(10_000);
    await vi.waitFor(() => expect(store.getWithTtl('k')!.ttlMs).toBeLessThan(first));
  });

  it('restarts the TTL when a key is set again', () => {
    const store = lruStore();
    store.set('k', 'v', 5);
    store.set('k', 'w', 60_000);
    busyWait(20);
    expect(store.get('k')).toBe('w');
  });

  it('does not extend the TTL on reads', () => {
    const store = lruStore();
    const start = performance.now();
    store.set('k', 'v', 200);
    busyWait(120);
    const read = store.get('k');
    // A read that a loaded machine delayed past the TTL proves nothing about extension.
    if (performance.now() - start < 200) expect(read).toBe('v');
    // A read at ~120 ms that extended the TTL would keep the key until ~320 ms.
    busyWait(Math.max(0, 260 - (performance.now() - start)));
    expect(store.get('k')).toBeUndefined();
  });

  it('refuses a TTL that is not a positive finite number', () => {
    const store = lruStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => store.set('k', 'v', ttl)).toThrow(
        expect.objectContaining({ code: 'invalid-ttl' }),
      );
    }
    expect(store.size).toBe(0);
  });

  it('refuses invalid options with a configuration error', () => {
    for (const options of [{ maxEntries: 0 }, { maxEntries: 1.5 }, { maxBytes: -1 }]) {
      let caught: unknown;
      try {
        lruStore(options);
      } catch (error) {
        caught = error;
      }
      expect(isCacheError(caught, 'configuration')).toBe(true);
    }
  });

  it('refuses a sizeOf result that is not a finite, non-negative number', () => {
    for (const size of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      const store = lruStore({ maxBytes: 1000, sizeOf: () => size });
      expect(() => store.set('k', 'v', 60_000)).toThrow(
        expect.objectContaining({ code: 'configuration' }),
      );
      expect(store.size).toBe(0);
    }
  });

  it('uses the given name', () => {
    expect(lruStore().name).toBe('lru');
    expect(lruStore({ name: 'sessions' }).name).toBe('sessions');
  });

  it('deleteMatching does not count expired entries', () => {
    const store = lruStore();
    store.set('user:1', 1, 5);
    store.set('user:2', 2, 60_000);
    busyWait(20);
    expect(store.deleteMatching('user:*')).toBe(1);
    expect(store.get('user:1')).toBeUndefined();
  });
});
