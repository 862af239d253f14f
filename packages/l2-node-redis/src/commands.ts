import { CacheError, type L2Entry } from '@multi-tier-cache/core';
import { entryFromPttl, readFramedEntry } from '@multi-tier-cache/redis-common';
import type { Command } from './backend.js';

/** The entry of a `GET` + `PTTL` pipeline's replies. */
export function toEntry(replies: unknown[]): L2Entry | undefined {
  return entryFromPttl(replies[0] as Buffer | null, replies[1] as number);
}

/** The entry of a framed value's `GET` reply (see the `valueFormat` option). */
export function framedValue(reply: unknown): L2Entry | undefined {
  return readFramedEntry(reply as Buffer | null);
}

/**
 * `SET key value PX ms` for whole milliseconds from core's `storeTtlMs`, after checking the value
 * (a Uint8Array is wrapped as a Buffer without copying).
 *
 * @example
 * ```ts
 * setCommand('mtc:k', bytes, 60_000); // ['SET', 'mtc:k', <Buffer>, 'PX', '60000']
 * ```
 */
export function setCommand(key: string, value: Uint8Array, ms: number): Command {
  if (!(value instanceof Uint8Array)) {
    throw new CacheError('invalid-value', `value for "${key}" is not a Uint8Array: pass bytes`);
  }
  const bytes = Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return ['SET', key, bytes, 'PX', String(ms)];
}
