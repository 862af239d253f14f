import { Buffer } from 'node:buffer';
import type { InvalidationMessage } from '@multi-tier-cache/core';
import { describe, expect, test } from 'vitest';
import { binaryCodec } from './binary-codec.js';
import { PublishQueue } from './publish-queue.js';
import { rustCodec } from './rust-codec.js';
import { hmacSigner } from './signing.js';

const codec = binaryCodec({ maxKeys: 100 });
const messages: InvalidationMessage[] = [
  { type: 'tags', tags: ['product:7'], at: 1_764_500_000_123.25 },
  { type: 'tags', tags: ['a', 'ключ', '😀'], at: 0 },
  { type: 'namespace', prefix: 'users:admins:', at: 1_764_500_000_000 },
];

describe('tag and namespace messages', () => {
  test.each(messages)('the binary codec round-trips $type', (message) => {
    const decoded = codec.decode(codec.encode({ instanceId: 'i-1', timestamp: 12.5, message }));
    expect(decoded).toEqual({ instanceId: 'i-1', timestamp: 12.5, message });
  });

  test('every truncation, and trailing bytes, are dropped', () => {
    for (const message of messages) {
      const payload = codec.encode({ instanceId: 'abc', timestamp: 1, message });
      for (let length = 0; length < payload.length; length++) {
        expect(codec.decode(payload.subarray(0, length))).toBeUndefined();
      }
      expect(codec.decode(Buffer.concat([payload, Buffer.from([0])]))).toBeUndefined();
    }
  });

  test('forged counts, empty tags and invalid times are dropped', () => {
    const payload = codec.encode({ instanceId: 'x', timestamp: 1, message: messages[0]! });
    const header = 5 + 1 + 8;
    const huge = Buffer.from(payload);
    huge.writeUInt32BE(0xffffffff, header + 8);
    expect(codec.decode(huge)).toBeUndefined();
    const negative = Buffer.from(payload);
    negative.writeDoubleBE(-1, header);
    expect(codec.decode(negative)).toBeUndefined();
    const empty = codec.encode({
      instanceId: 'x',
      timestamp: 1,
      message: { type: 'namespace', prefix: '', at: 1 },
    });
    expect(codec.decode(empty)).toBeUndefined();
  });

  test('are signed like the others: a forged one is refused', () => {
    const signer = hmacSigner('s3cret-for-tests');
    const signed = signer.sign(
      codec.encode({ instanceId: 'a', timestamp: 1, message: messages[0]! }),
    );
    expect(codec.decode(signer.open(signed)!)?.message).toEqual(messages[0]);
    const forged = Buffer.from(signed);
    forged[forged.length - 40] = (forged[forged.length - 40]! + 1) % 256;
    expect(signer.open(forged)).toBeUndefined();
  });

  test('the Rust format sends a namespace clear as its pattern and a tag as a full pattern', () => {
    const rust = rustCodec();
    const text = (message: InvalidationMessage) =>
      rust.encode({ instanceId: '', timestamp: 0, message }).toString('utf8');
    expect(JSON.parse(text(messages[2]!))).toEqual({
      type: 'RemovePattern',
      pattern: 'users:admins:*',
    });
    expect(JSON.parse(text(messages[0]!))).toEqual({ type: 'RemovePattern', pattern: '*' });
  });

  test('the publish queue keeps them through an outage and drops them behind a clear', () => {
    const queue = new PublishQueue(100);
    queue.add(messages[0]!);
    queue.add(messages[2]!);
    expect(queue.drain()).toEqual([messages[0], messages[2]]);
    queue.add(messages[0]!);
    queue.add({ type: 'clear' });
    expect(queue.drain()).toEqual([{ type: 'clear' }]);
  });
});
