import { frameWithExpiry, tombstoneFrame } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { entryFromPttl, readFramedEntry } from './expiry-entry.js';

describe('entryFromPttl', () => {
  const value = Buffer.from('v');

  it('keeps the remaining TTL, and reports none for PTTL -1', () => {
    expect(entryFromPttl(value, 41_250)).toEqual({ value, ttlMs: 41_250 });
    expect(entryFromPttl(value, -1)).toEqual({ value, ttlMs: undefined });
  });

  it('is a miss for no value, PTTL -2 and PTTL 0', () => {
    expect(entryFromPttl(null, 5)).toBeUndefined();
    expect(entryFromPttl(value, -2)).toBeUndefined();
    expect(entryFromPttl(value, 0)).toBeUndefined();
  });
});

describe('readFramedEntry', () => {
  it('reads a framed value and its TTL, and null as a miss', () => {
    const entry = readFramedEntry(frameWithExpiry(new Uint8Array([7]), 60_000));
    expect([...entry!.value]).toEqual([7]);
    expect(entry!.ttlMs).toBeGreaterThan(59_000);
    expect(readFramedEntry(null)).toBeUndefined();
  });

  it('reports the remaining TTL at the `now` a batch passes', () => {
    const framed = frameWithExpiry(new Uint8Array([7]), 60_000, 1_000);
    expect(readFramedEntry(framed, 21_000)!.ttlMs).toBe(40_000);
    expect(readFramedEntry(framed, 71_000)!.ttlMs).toBe(1);
  });

  it('reads a tombstone as a miss', () => {
    expect(readFramedEntry(tombstoneFrame(5_000))).toBeUndefined();
  });
});
