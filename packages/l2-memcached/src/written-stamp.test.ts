import { describe, expect, it } from 'vitest';
import { isTombstoneStamp, stampMoment, writtenSince, writtenStamp } from './written-stamp.js';

describe('writtenStamp', () => {
  it('orders moments 10 ms apart and refuses equal ones', () => {
    const now = Date.now();
    expect(writtenSince(writtenStamp(now), now - 1_000)).toBe(true);
    expect(writtenSince(writtenStamp(now - 1_000), now)).toBe(false);
    expect(writtenSince(writtenStamp(now), now)).toBe(true);
  });

  it('marks tombstones without changing their moment', () => {
    const now = Date.now();
    const stamp = writtenStamp(now, true);
    expect(isTombstoneStamp(stamp)).toBe(true);
    expect(isTombstoneStamp(writtenStamp(now))).toBe(false);
    expect(writtenSince(stamp, now - 1_000)).toBe(true);
    expect(stamp).toBeLessThan(2 ** 32);
  });

  it('treats an unstamped value as older than anything', () => {
    expect(writtenSince(0, 0)).toBe(false);
    expect(writtenSince(0, Date.now())).toBe(false);
  });

  it('compares across the 31-bit wrap', () => {
    const wrap = 2 ** 31 * 10;
    expect(writtenSince(writtenStamp(wrap + 50), wrap - 50)).toBe(true);
    expect(writtenSince(writtenStamp(wrap - 50), wrap + 50)).toBe(false);
  });
});

describe('stampMoment', () => {
  it('gives back the moment a stamp was made, to 10 ms', () => {
    const at = 1_700_000_000_123;
    expect(stampMoment(writtenStamp(at), at + 5_000)).toBe(1_700_000_000_120);
    expect(stampMoment(writtenStamp(at, true), at)).toBe(1_700_000_000_120);
    expect(stampMoment(0)).toBeUndefined();
  });
});
