/**
 * The meta commands behind the store's conditional-write capability. A value's written-at stamp
 * lives in its client flags (see `written-stamp.ts`); a fenced write reads the stamp and CAS
 * (`mg <key> f c`), then writes with `C<cas>` (or adds with `ME` when the key is absent), so a
 * write that landed in between makes it fail rather than be overwritten.
 */

/** `mg <key> f c`: `HD f<flags> c<cas>` when present, `EN` when not. */
export function metaStamp(key: string): string {
  return `mg ${key} f c\r\n`;
}

/**
 * `ms <key> <size> T<exptime> F<flags>` plus `C<cas>` (only over that very item) or `ME` (only
 * when absent), then the data block.
 */
export function metaSetStamped(
  key: string,
  value: Uint8Array,
  exptime: number,
  flags: number,
  condition?: { readonly cas: string } | 'add',
): Buffer {
  const guard = condition === undefined ? '' : condition === 'add' ? ' ME' : ` C${condition.cas}`;
  const head = `ms ${key} ${value.byteLength} T${exptime} F${flags}${guard}\r\n`;
  const request = Buffer.allocUnsafe(head.length + value.byteLength + 2);
  request.write(head, 0, 'latin1');
  request.set(value, head.length);
  request[head.length + value.byteLength] = 13;
  request[head.length + value.byteLength + 1] = 10;
  return request;
}
