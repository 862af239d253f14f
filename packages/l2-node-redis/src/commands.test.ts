import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { entryOf, setCommand } from './commands.js';

describe('entryOf', () => {
  const value = Buffer.from('v');

  it('keeps the remaining TTL, and reports none for PTTL -1', () => {
    expect(entryOf(value, 41_250)).toEqual({ value, ttlMs: 41_250 });
    expect(entryOf(value, -1)).toEqual({ value, ttlMs: undefined });
  });

  it('is a miss when the key is absent or expired between GET and PTTL', () => {
    expect(entryOf(null, -2)).toBeUndefined();
    expect(entryOf(value, -2)).toBeUndefined();
    expect(entryOf(value, 0)).toBeUndefined();
  });
});

describe('setCommand', () => {
  it('sends the bytes without copying and the TTL in whole milliseconds', () => {
    const bytes = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    const command = setCommand('mtc:k', bytes, 1500.2);
    expect(command.slice(0, 2)).toEqual(['SET', 'mtc:k']);
    expect((command[2] as Buffer).buffer).toBe(bytes.buffer);
    expect([...(command[2] as Buffer)]).toEqual([2, 3]);
    expect(command.slice(3)).toEqual(['PX', '1501']);
  });

  it('refuses TTLs that are not positive and finite', () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let caught: unknown;
      try {
        setCommand('mtc:k', new Uint8Array(1), ttl);
      } catch (error) {
        caught = error;
      }
      expect(isCacheError(caught, 'invalid-ttl')).toBe(true);
    }
  });
});
