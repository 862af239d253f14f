/**
 * Redis Cluster hash slots (CRC16/XMODEM of the key, or of its `{hash tag}`, modulo 16384).
 * ioredis computes slots with its own `cluster-key-slot` dependency, which a pnpm install does not
 * expose to this package, so the 30 lines live here instead of adding a dependency.
 */

const TABLE = new Uint16Array(256);
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[byte] = crc & 0xffff;
}

/** Number of hash slots in a Redis Cluster. */
export const SLOT_COUNT = 16384;

/**
 * The hash slot Redis Cluster assigns to `key`: only the part inside the first non-empty `{...}`
 * counts, so `{user:1}:profile` and `{user:1}:orders` share a slot.
 *
 * @example
 * ```ts
 * keySlot('foo'); // 12182
 * keySlot('{user:1}:a') === keySlot('{user:1}:b'); // true
 * ```
 */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  let crc = 0;
  if (isAscii(key)) {
    for (let i = 0; i < key.length; i++) {
      crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ key.charCodeAt(i)) & 0xff]!;
    }
  } else {
    for (const byte of Buffer.from(key, 'utf8')) {
      crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
    }
  }
  return crc % SLOT_COUNT;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
