import { describe, expect, it } from 'vitest';
import { CacheStrategy } from './strategy.js';
import { parseTtl } from './ttl.js';

describe('parseTtl', () => {
  it.each([
    [1500, 1500],
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['3h', 10_800_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
  ])('%j is %d ms', (input, ms) => {
    expect(parseTtl(input as never)).toBe(ms);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '', '5 minutes', '10x'])(
    'refuses %j',
    (input) => {
      expect(() => parseTtl(input as never)).toThrow(
        expect.objectContaining({ code: 'invalid-ttl' }),
      );
    },
  );

  it('has the Rust crate strategy durations', () => {
    expect(CacheStrategy.RealTime.ttlMs).toBe(10_000);
    expect(CacheStrategy.ShortTerm.ttlMs).toBe(300_000);
    expect(CacheStrategy.MediumTerm.ttlMs).toBe(3_600_000);
    expect(CacheStrategy.LongTerm.ttlMs).toBe(10_800_000);
    expect(CacheStrategy.Custom('30s').ttlMs).toBe(30_000);
  });
});
