import { CacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import {
  assertValidPrefix,
  keyTail,
  MAX_GENERATION_CHARS,
  MAX_PREFIX_BYTES,
  MAX_WIRE_KEY_BYTES,
} from './key-codec.js';

describe('keyTail', () => {
  it('keeps a short printable key as is, after a colon', () => {
    expect(keyTail('app:', 'user:1')).toBe(':user:1');
  });

  it('hashes keys with spaces, control characters or non-ASCII deterministically', () => {
    for (const key of ['a key', 'tab\tkey', 'line\r\nbreak', 'nul\u0000', 'café', '🔑']) {
      const tail = keyTail('app:', key);
      expect(tail).toMatch(/^#[A-Za-z0-9_-]{43}$/);
      expect(keyTail('app:', key)).toBe(tail);
    }
    expect(keyTail('app:', 'a key')).not.toBe(keyTail('app:', 'a  key'));
  });

  it('hashes keys that could exceed 250 bytes with the longest generation', () => {
    const head = 'app:'.length + MAX_GENERATION_CHARS + 1;
    const fits = 'k'.repeat(MAX_WIRE_KEY_BYTES - head);
    expect(keyTail('app:', fits)).toBe(`:${fits}`);
    expect(keyTail('app:', `${fits}k`)).toMatch(/^#/);
    const longest = `${'p'.repeat(MAX_PREFIX_BYTES)}${'g'.repeat(MAX_GENERATION_CHARS)}`;
    expect(`${longest}${keyTail(longest, 'x'.repeat(1024))}`.length).toBeLessThanOrEqual(
      MAX_WIRE_KEY_BYTES,
    );
  });

  it('never maps a plain key onto a hashed one', () => {
    const hashed = keyTail('app:', 'a key');
    expect(keyTail('app:', hashed)).not.toBe(hashed);
  });
});

describe('assertValidPrefix', () => {
  it('refuses prefixes memcached cannot hold', () => {
    expect(() => assertValidPrefix('app:')).not.toThrow();
    for (const prefix of ['', 'with space', 'x'.repeat(151), 'ctl\n']) {
      expect(() => assertValidPrefix(prefix)).toThrow(CacheError);
    }
  });
});
