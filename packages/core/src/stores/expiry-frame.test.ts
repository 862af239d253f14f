import { describe, expect, it } from 'vitest';
import { EXPIRY_FRAME_BYTES, frameWithExpiry, readExpiryFrame } from './expiry-frame.js';

describe('expiry frame', () => {
  const value = new Uint8Array([0, 1, 2, 255]);

  it('round-trips the bytes and reports the remaining TTL', () => {
    const framed = frameWithExpiry(value, 60_000, 1_000);
    expect(framed.byteLength).toBe(EXPIRY_FRAME_BYTES + value.byteLength);
    const entry = readExpiryFrame(framed, 11_000);
    expect([...entry.value]).toEqual([...value]);
    expect(entry.ttlMs).toBe(50_000);
  });

  it('never reports more than the original TTL, whatever the clocks say', () => {
    expect(readExpiryFrame(frameWithExpiry(value, 10_000, 50_000), 0).ttlMs).toBe(10_000);
    expect(readExpiryFrame(frameWithExpiry(value, 10_000, 0), 99_000).ttlMs).toBe(1);
  });

  it('returns bytes written without a frame whole, with an unknown TTL', () => {
    const plain = new TextEncoder().encode('{"a":1}');
    expect(readExpiryFrame(plain)).toEqual({ value: Buffer.from(plain), ttlMs: undefined });
    expect(readExpiryFrame(new Uint8Array()).ttlMs).toBeUndefined();
  });
  it('returns bytes whole when one byte of the magic or the version differs', () => {
    const framed = frameWithExpiry(value, 60_000, 1_000);
    for (let at = 0; at < 5; at++) {
      const altered = Buffer.from(framed);
      altered[at] = altered[at]! ^ 0x01;
      expect(readExpiryFrame(altered, 11_000)).toEqual({ value: altered, ttlMs: undefined });
    }
    const short = framed.subarray(0, EXPIRY_FRAME_BYTES - 1);
    expect(readExpiryFrame(short, 11_000)).toEqual({ value: short, ttlMs: undefined });
  });

  it('reads a frame from a Uint8Array that is a view into a larger buffer', () => {
    const framed = frameWithExpiry(value, 60_000, 1_000);
    const larger = new Uint8Array(framed.byteLength + 3);
    larger.set(framed, 3);
    const entry = readExpiryFrame(larger.subarray(3), 11_000);
    expect([...entry.value]).toEqual([...value]);
    expect(entry.ttlMs).toBe(50_000);
  });
});
