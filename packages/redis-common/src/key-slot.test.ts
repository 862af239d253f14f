import { describe, expect, it } from 'vitest';
import { keySlot } from './key-slot.js';

describe('keySlot', () => {
  it('matches the slots Redis documents', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('123456789')).toBe(0x31c3 % 16384);
    expect(keySlot('')).toBe(0);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(keySlot('mtc:{user:1}:orders')).toBe(keySlot('user:1'));
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
  });

  it('gives bytes the slot of the same string as UTF-8', () => {
    expect(keySlot(new TextEncoder().encode('{é}x'))).toBe(keySlot('é'));
    expect(keySlot(Buffer.from('foo'))).toBe(12182);
  });
});
