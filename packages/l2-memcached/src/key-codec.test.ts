import { CacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { assertValidPrefix, MAX_WIRE_KEY_BYTES, wireKey } from './key-codec.js';

describe('wireKey', () => {
  it('sends a short printable key as is, after the prefix and generation', () => {
    expect(wireKey('app:', 'k3x9', 'user:1')).toBe('app:k3x9:user:1');
  });

  it('hashes keys with spaces, control characters or non-ASCII deterministically', () => {
    for (const key of ['a key', 'tab\tkey', 'line\r\nbreak', 'nul\u0000', 'café', '🔑']) {
      const wire = wireKey('app:', 'g', key);
      expect(wire).toMatch(/^app:g#[A-Za-z0-9_-]{43}$/);
      expect(wireKey('app:', 'g', key)).toBe(wire);
    }
    expect(wireKey('app:', 'g', 'a key')).not.toBe(wireKey('app:', 'g', 'a  key'));
  });

  it('hashes keys that would exceed 250 bytes, and keeps the longest fitting key as is', () => {
    const head = 'app:g:'.length;
    const fits = 'k'.repeat(MAX_WIRE_KEY_BYTES - head);
    expect(wireKey('app:', 'g', fits)).toBe(`app:g:${fits}`);
    const long = wireKey('app:', 'g', `${fits}k`);
    expect(long).toMatch(/^app:g#/);
    expect(long.length).toBeLessThanOrEqual(MAX_WIRE_KEY_BYTES);
    expect(wireKey('app:', 'g', 'x'.repeat(1024)).length).toBeLessThanOrEqual(MAX_WIRE_KEY_BYTES);
  });

  it('never maps a plain key onto a hashed one', () => {
    const hashed = wireKey('app:', 'g', 'a key');
    const lookalike = hashed.slice('app:g#'.length);
    expect(wireKey('app:', 'g', `#${lookalike}`)).not.toBe(hashed);
  });
});

describe('assertValidPrefix', () => {
  it('refuses prefixes memcached cannot hold', () => {
    expect(() => assertValidPrefix('app:')).not.toThrow();
    expect(() => assertValidPrefix('')).not.toThrow();
    for (const prefix of ['with space', 'x'.repeat(151), 'ctl\n']) {
      expect(() => assertValidPrefix(prefix)).toThrow(CacheError);
    }
  });
});
