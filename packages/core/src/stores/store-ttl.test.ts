import { describe, expect, it } from 'vitest';
import { CacheError } from '../errors.js';
import { storeTtlMs } from './store-ttl.js';

describe('storeTtlMs', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5' as never])(
    'refuses %s with invalid-ttl',
    (ttl) => {
      expect(() => storeTtlMs(ttl, 'k')).toThrow(
        expect.objectContaining({ code: 'invalid-ttl', name: 'CacheError' }),
      );
      expect(() => storeTtlMs(ttl, 'k')).toThrow(CacheError);
    },
  );

  it('rounds fractions up to whole milliseconds', () => {
    expect(storeTtlMs(0.2, 'k')).toBe(1);
    expect(storeTtlMs(1500.5, 'k')).toBe(1501);
  });

  it('clamps to the longest TTL the server keeps', () => {
    expect(storeTtlMs(10_000, 'k', 5_000)).toBe(5_000);
    expect(storeTtlMs(Number.MAX_SAFE_INTEGER, 'k')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
