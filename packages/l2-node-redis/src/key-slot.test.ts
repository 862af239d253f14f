import { describe, expect, it } from 'vitest';
import { keySlot } from './key-slot.js';

describe('keySlot', () => {
  it('matches the slots Redis Cluster documents', () => {
    expect(keySlot('123456789')).toBe(0x31c3 & 0x3fff);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
  });

  it('hashes only the hash tag when there is a non-empty one', () => {
    expect(keySlot('mtc:{user:1}:profile')).toBe(keySlot('user:1'));
    expect(keySlot('mtc:{user:1}:orders')).toBe(keySlot('mtc:{user:1}:profile'));
  });

  it('hashes the whole key when the braces are empty or unclosed', () => {
    expect(keySlot('a{}b')).not.toBe(keySlot(''));
    expect(keySlot('foo{')).toBe(keySlot(new TextEncoder().encode('foo{')));
    expect(keySlot('{}{x}')).toBe(keySlot('{}{x}'));
  });

  it('gives the same slot for a string and its UTF-8 bytes', () => {
    expect(keySlot('ключ:日本')).toBe(keySlot(new TextEncoder().encode('ключ:日本')));
  });
});
