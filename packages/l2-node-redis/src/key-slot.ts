/**
 * CRC16/XMODEM lookup table, as specified for Redis Cluster key slots
 * (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#key-distribution-model).
 * node-redis computes slots too, but does not export that function, so this 40-line file avoids a
 * dependency on its internals.
 */
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit++) {
    crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  TABLE[i] = crc;
}

const encoder = new TextEncoder();

function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  }
  return crc;
}

/**
 * The Redis Cluster hash slot (0–16383) of a key: CRC16 of the key, or of the part between the
 * first `{` and the next `}` when that part is not empty (a hash tag).
 *
 * @example
 * ```ts
 * keySlot('foo'); // 12182
 * keySlot('mtc:{user:1}:profile') === keySlot('mtc:{user:1}:orders'); // true
 * ```
 */
export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? encoder.encode(key) : key;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes, open + 1, close) & 0x3fff;
  }
  return crc16(bytes, 0, bytes.length) & 0x3fff;
}
