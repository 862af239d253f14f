import { Buffer } from 'node:buffer';
import { CacheError } from '../errors.js';
import type { Serializer } from './serializer.js';

/**
 * JSON serializer, the default. Refuses BigInt, functions, symbols and cycles with
 * `CacheError('not-serializable')` instead of silently dropping them, and drops `__proto__` keys
 * from what it reads so a cached payload can never change an object's prototype.
 *
 * @example
 * ```ts
 * const serializer = jsonSerializer();
 * serializer.deserialize(serializer.serialize({ a: 1 })); // { a: 1 }
 * ```
 */
export function jsonSerializer(): Serializer {
  return { name: 'json', serialize: serializeJson, deserialize: deserializeJson };
}

function serializeJson(value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, refuseUnrepresentable);
  } catch (error) {
    if (error instanceof CacheError) throw error;
    throw new CacheError(
      'not-serializable',
      `value cannot be written as JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (text === undefined) {
    throw new CacheError('not-serializable', `a ${typeof value} cannot be written as JSON`);
  }
  return Buffer.from(text, 'utf8');
}

function refuseUnrepresentable(this: unknown, key: string, value: unknown): unknown {
  const type = typeof value;
  if (type === 'bigint' || type === 'function' || type === 'symbol') {
    throw new CacheError(
      'not-serializable',
      `${key === '' ? 'value' : `property ${JSON.stringify(key)}`} is a ${type}, which JSON cannot hold: convert it or use another serializer`,
    );
  }
  return value;
}

function deserializeJson(bytes: Uint8Array): unknown {
  const text = Buffer.isBuffer(bytes)
    ? bytes.toString('utf8')
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // The reviver makes JSON.parse several times slower, so it runs only when the text could spell
  // `__proto__` (literally or through \u escapes).
  if (text.includes('__proto__') || text.includes('\\u')) return JSON.parse(text, dropProtoKeys);
  return JSON.parse(text);
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}
