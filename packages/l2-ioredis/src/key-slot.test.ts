import { describe, expect, it } from 'vitest';
import { escapeGlob } from './glob-escape.js';
import { keySlot } from './key-slot.js';

describe('keySlot', () => {
  it('matches the slots Redis documents', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('123456789')).toBe(0x31c3 % 16384);
    expect(keySlot('')).toBe(0);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(keySlot('{user:1}:profile')).toBe(keySlot('user:1'));
    expect(keySlot('mtc:{user:1}:orders')).toBe(keySlot('user:1'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}'));
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
  });

  it('hashes non-ASCII keys as UTF-8 bytes', () => {
    expect(keySlot('{é}x')).toBe(keySlot('é'));
    expect(keySlot('é')).toBeGreaterThanOrEqual(0);
  });
});

describe('escapeGlob', () => {
  it('escapes every glob metacharacter and nothing else', () => {
    expect(escapeGlob('app[1]:*?\\x')).toBe('app\\[1\\]:\\*\\?\\\\x');
    expect(escapeGlob('mtc:')).toBe('mtc:');
  });
});
