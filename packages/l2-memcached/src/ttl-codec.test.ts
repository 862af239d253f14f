import { describe, expect, it } from 'vitest';
import {
  exptime,
  MAX_ABSOLUTE_EXPTIME,
  MAX_RELATIVE_EXPTIME,
  remainingTtlMs,
} from './ttl-codec.js';

describe('exptime', () => {
  it('rounds milliseconds up to whole seconds', () => {
    expect(exptime(1)).toBe(1);
    expect(exptime(1000)).toBe(1);
    expect(exptime(1001)).toBe(2);
    expect(exptime(59_999)).toBe(60);
  });

  it('sends up to 30 days as relative seconds', () => {
    expect(exptime(MAX_RELATIVE_EXPTIME * 1000)).toBe(MAX_RELATIVE_EXPTIME);
  });

  it('sends more than 30 days as an absolute unix time', () => {
    const now = Date.UTC(2026, 0, 1);
    const fortyDays = 40 * 24 * 3600 * 1000;
    expect(exptime(fortyDays, now)).toBe(now / 1000 + 40 * 24 * 3600);
    expect(exptime(MAX_RELATIVE_EXPTIME * 1000 + 1, now)).toBe(
      now / 1000 + MAX_RELATIVE_EXPTIME + 1,
    );
  });

  it('clamps an absolute time past 2038-01-19T03:14:07Z to the largest memcached accepts', () => {
    const now = Date.UTC(2026, 0, 1);
    const hundredYears = 100 * 365 * 24 * 3600 * 1000;
    expect(exptime(hundredYears, now)).toBe(MAX_ABSOLUTE_EXPTIME);
    expect(new Date(MAX_ABSOLUTE_EXPTIME * 1000).toISOString()).toBe('2038-01-19T03:14:07.000Z');
    const justBelow = (MAX_ABSOLUTE_EXPTIME - now / 1000 - 1) * 1000;
    expect(exptime(justBelow, now)).toBe(MAX_ABSOLUTE_EXPTIME - 1);
  });
});

describe('remainingTtlMs', () => {
  it('converts seconds to milliseconds, and no expiry to undefined', () => {
    expect(remainingTtlMs(59)).toBe(59_000);
    expect(remainingTtlMs(-1)).toBeUndefined();
    expect(remainingTtlMs(undefined)).toBeUndefined();
    expect(remainingTtlMs(0)).toBe(1);
  });
});
