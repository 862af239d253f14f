import { CacheError } from '@multi-tier-cache/core';
import type { RedisArg } from './client/stream-client.js';

const ENTRY_ID = /^\d+(-\d+)?$/;

/** Which special ids a command accepts besides `ms-seq` / `ms`. */
export type IdKind =
  | 'read' // XREAD: `$` for only new entries
  | 'group-start' // XGROUP CREATE: `$` for only new entries
  | 'group-read' // XREADGROUP: `>` for never-delivered entries
  | 'range-start' // XPENDING / XRANGE: `-` for the smallest
  | 'range-end' // XPENDING / XRANGE: `+` for the greatest
  | 'entry'; // XACK, XAUTOCLAIM start: a concrete id

const SPECIAL: Record<IdKind, string | undefined> = {
  read: '$',
  'group-start': '$',
  'group-read': '>',
  'range-start': '-',
  'range-end': '+',
  entry: undefined,
};

export function assertStream(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new CacheError('invalid-key', 'stream name is empty: pass a non-empty string');
  }
}

export function assertName(what: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CacheError('invalid-value', `${what} is empty: pass a non-empty string`);
  }
}

export function assertId(what: string, id: unknown, kind: IdKind): asserts id is string {
  if (typeof id === 'string' && (ENTRY_ID.test(id) || id === SPECIAL[kind])) return;
  const special = SPECIAL[kind];
  throw new CacheError(
    'invalid-value',
    `${what} ${JSON.stringify(id)} is not a stream id: use "<ms>-<seq>" or "<ms>"${special ? ` or "${special}"` : ''}`,
  );
}

/** A positive integer; `what` names the option in the message. */
export function assertPositiveInteger(what: string, value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new CacheError(
      'invalid-value',
      `${what} is ${String(value)}: pass a positive whole number`,
    );
  }
}

/** Zero or a positive integer of milliseconds. */
export function assertMs(what: string, value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new CacheError(
      'invalid-value',
      `${what} is ${String(value)}: pass a whole number of milliseconds, 0 or more`,
    );
  }
}

/**
 * Appends `field value` pairs to `args`, after checking there is at least one and that every value
 * is a string or bytes. Bytes go to Redis as given (no copy).
 */
export function pushFields(args: RedisArg[], fields: unknown): void {
  if (fields === null || typeof fields !== 'object') {
    throw new CacheError('invalid-value', 'fields must be an object of field names to values');
  }
  const start = args.length;
  for (const name in fields) {
    if (!Object.hasOwn(fields, name)) continue;
    const value = (fields as Record<string, unknown>)[name];
    if (typeof value === 'string') {
      args.push(name, value);
    } else if (value instanceof Uint8Array) {
      args.push(
        name,
        Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length),
      );
    } else {
      throw new CacheError(
        'invalid-value',
        `field "${name}" is ${value === null ? 'null' : typeof value}: values must be strings or Uint8Array (use jsonFields() for structured data)`,
      );
    }
  }
  if (args.length === start) {
    throw new CacheError(
      'invalid-value',
      'fields is empty: a stream entry needs at least one field',
    );
  }
}
