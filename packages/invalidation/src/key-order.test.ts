import { describe, expect, test } from 'vitest';
import { HybridClock } from './hybrid-clock.js';
import { KeyOrder } from './key-order.js';

describe('KeyOrder', () => {
  test('an update older than the version held for its key is older; a newer one is newer', () => {
    const order = new KeyOrder(10);
    order.record('k', 41);
    expect(order.verdict('k', 40)).toBe('older');
    expect(order.verdict('k', 41)).toBe('older');
    expect(order.verdict('k', 42)).toBe('newer');
    expect(order.verdict('other', 1)).toBe('newer');
  });

  test('a pattern covers the keys it matches, a clear every key', () => {
    const order = new KeyOrder(10);
    order.recordPattern('user:*', 50);
    expect(order.verdict('user:1', 49)).toBe('older');
    expect(order.verdict('page:1', 49)).toBe('newer');
    order.recordClear(60);
    expect(order.verdict('page:1', 59)).toBe('unknown');
    expect(order.verdict('page:1', 61)).toBe('newer');
  });

  test('evicted keys raise the floor: older updates for unknown keys are only trusted as removes', () => {
    const order = new KeyOrder(2);
    order.record('a', 10);
    order.record('b', 20);
    order.record('c', 30);
    expect(order.verdict('a', 5)).toBe('unknown');
    expect(order.verdict('a', 11)).toBe('newer');
    expect(order.verdict('c', 25)).toBe('older');
  });
});

describe('HybridClock', () => {
  test('versions strictly increase and come after every version observed', () => {
    const clock = new HybridClock();
    const first = clock.next();
    expect(clock.next()).toBeGreaterThan(first);
    clock.observe(Date.now() + 60_000);
    const after = clock.next();
    expect(after).toBeGreaterThan(Date.now() + 59_000);
    expect(clock.next()).toBeGreaterThan(after);
  });
});
