import { Buffer } from 'node:buffer';
import { EXPIRY_FRAME_BYTES } from './expiry-frame.js';

/** The expiry frame's magic (`\0mtc`); a tombstone differs from a value by its version byte. */
const MAGIC = 0x006d7463;
const VALUE_VERSION = 1;
const TOMBSTONE_VERSION = 2;

/**
 * The bytes an invalidation leaves in a shared tier with the `conditionalWrite` capability: an
 * expiry frame (absolute expiry, then TTL) with the tombstone version byte and no payload. Its
 * written-at moment (`expiresAt - ttlMs`) fences computations that started before it; every read
 * treats it as a miss.
 *
 * @example
 * ```ts
 * await redis.set(key, tombstoneFrame(5_000), 'PX', 5_000);
 * ```
 */
export function tombstoneFrame(ttlMs: number, now: number = Date.now()): Buffer {
  const frame = Buffer.allocUnsafe(EXPIRY_FRAME_BYTES);
  frame.writeUInt32BE(MAGIC, 0);
  frame.writeUInt8(TOMBSTONE_VERSION, 4);
  frame.writeDoubleBE(now + ttlMs, 5);
  frame.writeDoubleBE(ttlMs, 13);
  return frame;
}

/**
 * Whether `bytes` is a tombstone ({@link tombstoneFrame}): a store returns a miss for it.
 *
 * @example
 * ```ts
 * if (isTombstone(bytes)) return undefined;
 * ```
 */
export function isTombstone(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength === EXPIRY_FRAME_BYTES &&
    bytes[0] === 0 &&
    bytes[1] === 0x6d &&
    bytes[2] === 0x74 &&
    bytes[3] === 0x63 &&
    bytes[4] === TOMBSTONE_VERSION
  );
}

/**
 * The moment (writer's clock, ms since the epoch) a framed value or tombstone was written, or
 * `undefined` for bytes without a frame (written by another program: they carry no order).
 *
 * @example
 * ```ts
 * writtenAt(frameWithExpiry(bytes, 60_000, 1_000)); // 1000
 * ```
 */
export function writtenAt(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < EXPIRY_FRAME_BYTES) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.readUInt32BE(0) !== MAGIC) return undefined;
  const version = buffer.readUInt8(4);
  if (version !== VALUE_VERSION && version !== TOMBSTONE_VERSION) return undefined;
  const at = buffer.readDoubleBE(5) - buffer.readDoubleBE(13);
  return Number.isFinite(at) ? at : undefined;
}
