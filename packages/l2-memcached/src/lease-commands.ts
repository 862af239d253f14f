import { hasFlag, type MetaReply } from './reply-parser.js';

/**
 * The meta commands behind the store's lock capability. The lease is memcached's own stampede
 * placeholder on the value's key (`mg <key> N<seconds> c`: on a miss memcached creates an empty
 * item and answers `W` to exactly one caller, `Z` to the others; a present value answers
 * neither), and the lease token is the placeholder's CAS value, so the holder's write
 * (`ms ... C<cas>`) and release (`md ... C<cas>`) succeed only while that very placeholder is
 * there: an expired or replaced lease writes nothing (fencing).
 */

/**
 * `mg <key> N<seconds> c f`: vivifies a placeholder on a miss; `W` marks the caller who won it.
 * The client flags tell a tombstone (which holds no value) from a value.
 */
export function metaLease(key: string, seconds: number): string {
  return `mg ${key} N${seconds} c f\r\n`;
}

/**
 * `ms <key> <size> T<exptime> F<stamp> C<cas>` and the data block: stored only if the CAS still
 * matches; `stamp` is the written-at stamp of the conditional-write capability.
 */
export function metaSetIfCas(
  key: string,
  value: Uint8Array,
  exptime: number,
  cas: string,
  stamp: number,
): Buffer {
  const head = `ms ${key} ${value.byteLength} T${exptime} F${stamp} C${cas}\r\n`;
  const request = Buffer.allocUnsafe(head.length + value.byteLength + 2);
  request.write(head, 0, 'latin1');
  request.set(value, head.length);
  request[head.length + value.byteLength] = 13;
  request[head.length + value.byteLength + 1] = 10;
  return request;
}

/** `md <key> C<cas>`: deleted only if the CAS still matches. */
export function metaDeleteIfCas(key: string, cas: string): string {
  return `md ${key} C${cas}\r\n`;
}

/** The lease token of a `metaLease` reply: its CAS when this caller won, else `undefined`. */
export function wonLease(reply: MetaReply): string | undefined {
  if ((reply.code !== 'HD' && reply.code !== 'VA') || !hasFlag(reply.flags, 'W')) return undefined;
  return casOf(reply.flags);
}

/** The `c` flag's token as text (a 64-bit number a JavaScript number cannot always hold). */
export function casOf(flags: string): string | undefined {
  for (const token of flags.split(' ')) {
    if (token.length > 1 && token[0] === 'c' && /^\d+$/.test(token.slice(1))) return token.slice(1);
  }
  return undefined;
}

/** Whether `token` can be a lease token (a CAS value): anything else holds no lease. */
export function isLeaseToken(token: string): boolean {
  return typeof token === 'string' && /^\d{1,20}$/.test(token);
}
