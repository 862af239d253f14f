import type { InvalidationMessage } from '@multi-tier-cache/core';
import { describe, expect, test } from 'vitest';
import { binaryCodec } from './binary-codec.js';
import { rustCodec } from './rust-codec.js';

const codec = binaryCodec({ maxKeys: 100 });
const expired: InvalidationMessage = {
  type: 'tags',
  tags: ['product:7', 'ключ'],
  at: 1_764_500_000_123.5,
  mode: 'expire',
};

describe('expired-tag messages (expireByTag)', () => {
  test('the binary codec round-trips the mode, as op 18, and keeps op 16 for deleteByTag', () => {
    const payload = codec.encode({ instanceId: 'i-1', timestamp: 3, message: expired });
    expect(payload[3]).toBe(18);
    expect(codec.decode(payload)).toEqual({ instanceId: 'i-1', timestamp: 3, message: expired });
    const { mode: _mode, ...deleted } = expired as Extract<InvalidationMessage, { type: 'tags' }>;
    const plain = codec.encode({ instanceId: 'i-1', timestamp: 3, message: deleted });
    expect(plain[3]).toBe(16);
    expect(codec.decode(plain)?.message).toEqual(deleted);
  });

  test('the Rust format clears every L1, as for deleteByTag', () => {
    const rust = rustCodec();
    const sent = rust.decode(rust.encode({ instanceId: 'i-1', timestamp: 3, message: expired }));
    expect(sent?.message).toEqual({ type: 'pattern', pattern: '*' });
  });
});
