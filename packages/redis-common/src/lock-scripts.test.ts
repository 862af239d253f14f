import { describe, expect, it } from 'vitest';
import { keySlot } from './key-slot.js';
import { lockKey } from './lock-scripts.js';

describe('lockKey', () => {
  it('puts the lease in the value key slot', () => {
    for (const key of ['mtc:user:1', 'mtc:{user}:1', 'app:product:42']) {
      expect(keySlot(lockKey(key))).toBe(keySlot(key));
    }
  });

  it('keeps an existing hash tag and wraps a key without one', () => {
    expect(lockKey('mtc:user:1')).toBe('{mtc:user:1}:lock');
    expect(lockKey('mtc:{user}:1')).toBe('mtc:{user}:1:lock');
  });
});
