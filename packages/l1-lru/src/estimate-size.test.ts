import { describe, expect, it } from 'vitest';
import { estimateSize } from './estimate-size.js';

describe('estimateSize', () => {
  it('counts strings at 2 bytes per UTF-16 code unit', () => {
    expect(estimateSize('')).toBe(0);
    expect(estimateSize('abc')).toBe(6);
  });

  it('counts primitives at 8 bytes', () => {
    for (const value of [0, 1.5, true, null, undefined]) expect(estimateSize(value)).toBe(8);
    expect(estimateSize(10n)).toBe(16);
  });

  it('counts byte arrays and buffers at their length plus overhead', () => {
    expect(estimateSize(new Uint8Array(1000))).toBe(1016);
    expect(estimateSize(new ArrayBuffer(100))).toBe(116);
    expect(estimateSize(new Float64Array(10))).toBe(96);
  });

  it('counts objects, arrays, maps and sets by their contents', () => {
    expect(estimateSize({ id: 1 })).toBe(16 + 4 + 8);
    expect(estimateSize([1, 'ab'])).toBe(16 + 8 + 4);
    expect(estimateSize(new Map([['k', 1]]))).toBe(16 + 2 + 8);
    expect(estimateSize(new Set(['ab']))).toBe(16 + 4);
  });

  it('counts a shared or cyclic reference once', () => {
    const shared = { text: 'x'.repeat(100) };
    const once = estimateSize({ a: shared });
    expect(estimateSize({ a: shared, b: shared })).toBe(once + 2 + 8);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(estimateSize(cyclic)).toBe(16 + 8 + 8 + 8 + 8);
  });

  it('stops walking very deep structures', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(estimateSize(deep)).toBe(16 * 16 + 8);
  });
});
