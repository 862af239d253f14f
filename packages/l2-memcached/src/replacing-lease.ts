/**
 * The meta commands behind a replacing lease (`acquireLock(key, ttl, { replacing: true })`), taken
 * while the key holds a value: memcached's placeholder cannot serve there, so the lease is an item
 * of its own, added with `ms ... ME` (only when absent) and expiring by itself. The token carries
 * the lease item's CAS and the value's CAS at acquisition: the holder's write checks that the
 * lease is still its own, then writes with the value's CAS, so nothing written after the lease
 * was taken is ever overwritten (fencing), even if the lease expired between the two steps.
 */

/** The lease item's key: the value's wire key with its tail marker (`:` or `#`) turned to `!`. */
export function leaseWireKey(wire: string, tail: string): string {
  return `${wire.slice(0, wire.length - tail.length)}!${tail.slice(1)}`;
}

/** `ms <lease> 1 T<seconds> ME c` and a one-byte data block: added only when absent. */
export function metaAddLease(leaseKey: string, seconds: number): string {
  return `ms ${leaseKey} 1 T${seconds} ME c\r\n1\r\n`;
}

/** `mg <lease> c`: the lease item's CAS, if any. */
export function metaLeaseCas(leaseKey: string): string {
  return `mg ${leaseKey} c\r\n`;
}

/** A replacing lease's token: `r<lease CAS>.<value CAS, or 0 when the key held none>`. */
export function replacingToken(leaseCas: string, valueCas: string | undefined): string {
  return `r${leaseCas}.${valueCas ?? '0'}`;
}

/** The two CAS values of a replacing lease's token, or `undefined` for any other token. */
export function parseReplacingToken(
  token: string,
): { readonly leaseCas: string; readonly valueCas: string | undefined } | undefined {
  const match = typeof token === 'string' ? /^r(\d{1,20})\.(\d{1,20})$/.exec(token) : null;
  if (match === null) return undefined;
  return { leaseCas: match[1]!, valueCas: match[2] === '0' ? undefined : match[2] };
}
