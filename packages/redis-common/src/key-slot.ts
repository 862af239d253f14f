import { generateMulti } from 'cluster-key-slot';

/** `cluster-key-slot`'s default export needs esModuleInterop; its named export works everywhere. */
function calculateSlot(key: string | Buffer): number {
  return generateMulti([key]);
}

/**
 * Number of hash slots in a Redis Cluster.
 *
 * @example
 * ```ts
 * keySlot('foo') < SLOT_COUNT; // true
 * ```
 */
export const SLOT_COUNT = 16384;

/**
 * The Redis Cluster hash slot (0–16383) of a key, string or bytes: CRC16 of the key, or of the
 * part between the first `{` and the next `}` when that part is not empty (a hash tag).
 *
 * @example
 * ```ts
 * keySlot('foo'); // 12182
 * keySlot('mtc:{user:1}:profile') === keySlot('mtc:{user:1}:orders'); // true
 * ```
 */
export function keySlot(key: string | Uint8Array): number {
  if (typeof key === 'string' || Buffer.isBuffer(key)) return calculateSlot(key);
  return calculateSlot(Buffer.from(key.buffer, key.byteOffset, key.byteLength));
}
