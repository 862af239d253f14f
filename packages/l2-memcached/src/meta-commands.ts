/**
 * Encoders of the meta commands this store sends, one line each. Keys passed here are already
 * wire keys (see `key-codec.ts`): printable ASCII, no spaces, at most 250 bytes.
 *
 * Replies: `mg` → `VA <size> t<seconds>` + data, or `EN`; `ms` → `HD` (stored) or `NS`;
 * `md` → `HD` (deleted) or `NF`; `mn` → `MN`.
 */

/**
 * `mg <key> v t f`: the value, its remaining TTL in seconds (`-1`: no expiry) and its client
 * flags (the written-at stamp, see `written-stamp.ts`).
 */
export function metaGet(key: string): string {
  return `mg ${key} v t f\r\n`;
}

/**
 * `mg <key> v t N<vivify> R<recache>`: like {@link metaGet}, but on a miss memcached creates an
 * empty placeholder and answers `W` (won) to exactly one caller, `Z` to the others.
 */
export function metaGetOrLease(key: string, leaseSeconds: number): string {
  return `mg ${key} v t f N${leaseSeconds}\r\n`;
}

/**
 * `ms <key> <size> T<exptime>` followed by the data block; `mode` `E` adds only when absent;
 * `clientFlags` (`F`) carries the written-at stamp of the fencing capability.
 */
export function metaSet(
  key: string,
  value: Uint8Array,
  exptime: number,
  mode?: 'E',
  clientFlags?: number,
): Buffer {
  const flags = clientFlags === undefined ? '' : ` F${clientFlags}`;
  const head = `ms ${key} ${value.byteLength} T${exptime}${flags}${mode === undefined ? '' : ` M${mode}`}\r\n`;
  const headLength = head.length;
  const request = Buffer.allocUnsafe(headLength + value.byteLength + 2);
  request.write(head, 0, 'latin1');
  request.set(value, headLength);
  request[headLength + value.byteLength] = 13;
  request[headLength + value.byteLength + 1] = 10;
  return request;
}

/** `mg <key>`: `HD` when present (with `W` or `Z` if it is a stampede placeholder), `EN` when not. */
export function metaExists(key: string): string {
  return `mg ${key}\r\n`;
}

/** `md <key>`: `HD` when the key existed, `NF` when not. */
export function metaDelete(key: string): string {
  return `md ${key}\r\n`;
}

/** `mn`: answered `MN` once every command before it on the connection was answered. */
export const META_NOOP = 'mn\r\n';
