import { describe, expect, it } from 'vitest';
import { PatternRecord } from './pattern-record.js';

describe('PatternRecord', () => {
  it('hides entries of matching keys written before the invalidation, allowing for skew', () => {
    const record = new PatternRecord(10, 60_000, 100);
    record.add('user:*', 10_000);
    expect(record.hides('user:1', 9_000)).toBe(true);
    expect(record.hides('user:1', 10_050)).toBe(true);
    expect(record.hides('user:1', 10_200)).toBe(false);
    expect(record.hides('order:1', 9_000)).toBe(false);
    expect(record.hides('user:1', undefined)).toBe(true);
  });

  it('refuses a pattern past its bound, so the caller clears the tier', () => {
    const record = new PatternRecord(2, 60_000, 0);
    expect(record.add('a:*', 1)).toBe(true);
    expect(record.add('b:*', 2)).toBe(true);
    expect(record.add('a:*', 3)).toBe(true);
    expect(record.add('c:*', 4)).toBe(false);
    record.reset();
    expect(record.empty).toBe(true);
  });

  it('forgets patterns older than its memory', () => {
    const record = new PatternRecord(10, 1_000, 0);
    record.add('a:*', 1_000);
    record.add('b:*', 5_000);
    expect(record.hides('a:1', 0)).toBe(false);
    expect(record.hides('b:1', 0)).toBe(true);
  });

  it('round-trips through bytes and drops malformed shared entries', () => {
    const record = new PatternRecord(10, 60_000, 0);
    record.add('user:*', 10_000);
    expect(PatternRecord.decode(record.encode(), 10)).toEqual([['user:*', 10_000]]);
    const garbage = new TextEncoder().encode('[["ok:*",1],[1,2],["",3],"x",["n:*","NaN"]]');
    expect(PatternRecord.decode(garbage, 10)).toEqual([['ok:*', 1]]);
    expect(PatternRecord.decode(new TextEncoder().encode('{"__proto__":1}'), 10)).toEqual([]);
    expect(PatternRecord.decode(new Uint8Array([0xff, 0xfe]), 10)).toEqual([]);
  });
});
