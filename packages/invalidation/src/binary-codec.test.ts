import { Buffer } from 'node:buffer';
import type { InvalidationMessage } from '@multi-tier-cache/core';
import { describe, expect, test } from 'vitest';
import { binaryCodec } from './binary-codec.js';

const codec = binaryCodec({ maxKeys: 100 });
const messages: InvalidationMessage[] = [
  { type: 'remove', keys: ['user:1'] },
  { type: 'remove', keys: ['a', 'ключ', '😀'] },
  { type: 'update', key: 'k', value: Uint8Array.from([0, 255, 10, 13]), ttlMs: 1500 },
  { type: 'update', key: 'empty', value: new Uint8Array(0), ttlMs: 1 },
  { type: 'pattern', pattern: 'product:*' },
  { type: 'clear' },
  { type: 'expire', keys: ['user:1', 'user:2'] },
];

describe('binaryCodec', () => {
  test.each(messages)('round-trips $type', (message) => {
    const decoded = codec.decode(codec.encode({ instanceId: 'i-1', timestamp: 1234.5, message }));
    expect(decoded).toEqual({ instanceId: 'i-1', timestamp: 1234.5, message });
  });

  test('drops every truncation of every message', () => {
    for (const message of messages) {
      const payload = codec.encode({ instanceId: 'abc', timestamp: Date.now(), message });
      for (let length = 0; length < payload.length; length++) {
        expect(codec.decode(payload.subarray(0, length))).toBeUndefined();
      }
    }
  });

  test('drops trailing bytes, other versions and unknown operations', () => {
    const payload = codec.encode({ instanceId: 'a', timestamp: 1, message: { type: 'clear' } });
    expect(codec.decode(Buffer.concat([payload, Buffer.from([0])]))).toBeUndefined();
    const version2 = Buffer.from(payload);
    version2[2] = 2;
    expect(codec.decode(version2)).toBeUndefined();
    const badOp = Buffer.from(payload);
    badOp[3] = 9;
    expect(codec.decode(badOp)).toBeUndefined();
  });

  test('writes expire as op 5 under version 1, laid out as remove', () => {
    const keys = ['a', 'b'];
    const expire = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'expire', keys },
    });
    const remove = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'remove', keys },
    });
    expect([expire[2], expire[3]]).toEqual([1, 5]);
    expect(expire.subarray(4)).toEqual(remove.subarray(4));
  });

  test('refuses a key count the payload cannot hold without allocating for it', () => {
    const payload = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'remove', keys: ['k'] },
    });
    const huge = Buffer.from(payload);
    huge.writeUInt32BE(0xffffffff, payload.length - 9);
    expect(codec.decode(huge)).toBeUndefined();
    const tooMany = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'remove', keys: Array.from({ length: 101 }, (_, i) => `k${i}`) },
    });
    expect(codec.decode(tooMany)).toBeUndefined();
  });

  test('drops invalid UTF-8, empty keys and non-positive TTLs', () => {
    const update = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'update', key: 'k', value: Uint8Array.of(1), ttlMs: 10 },
    });
    const badUtf8 = Buffer.from(update);
    badUtf8[5 + 1 + 8 + 4] = 0xff;
    expect(codec.decode(badUtf8)).toBeUndefined();
    const zeroTtl = Buffer.from(update);
    zeroTtl.writeDoubleBE(0, 5 + 1 + 8 + 4 + 1);
    expect(codec.decode(zeroTtl)).toBeUndefined();
    const empty = codec.encode({
      instanceId: 'a',
      timestamp: 1,
      message: { type: 'pattern', pattern: '' },
    });
    expect(codec.decode(empty)).toBeUndefined();
  });

  test('never throws on random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: i % 64 }, () => (Math.random() * 256) | 0));
      if (i % 3 === 0 && bytes.length > 3) {
        bytes[0] = 0x4d;
        bytes[1] = 0x54;
        bytes[2] = 1;
      }
      expect(() => codec.decode(bytes)).not.toThrow();
    }
  });
});
