import { Buffer } from 'node:buffer';
import { assertJsonRoundTrips } from './json-safety.js';
import type { Serializer } from './serializer.js';

/**
 * Options of {@link jsonSerializer}.
 *
 * @example
 * ```ts
 * jsonSerializer({ dropUndefined: true });
 * ```
 */
export interface JsonSerializerOptions {
  /**
   * Write objects whose properties hold `undefined` by leaving those properties out, as
   * `JSON.stringify` does: other instances read an object without the key (`'key' in value` is
   * false there, true in the writer's L1). `undefined` in arrays is refused either way.
   * @default false
   */
  readonly dropUndefined?: boolean;
}

/**
 * JSON serializer, the default. It refuses, when writing, every value the JSON round trip would
 * change, with `CacheError('not-serializable')` naming the path and the fix (`value.createdAt is
 * a Date, which JSON turns into a string: store date.toISOString() or use losslessSerializer()`),
 * so the writer's L1 and every other instance always hold the same shape. Refused: `Date`, `Map`,
 * `Set`, typed arrays and `Buffer`, class instances (anything whose prototype is not
 * `Object.prototype` or `null`, including those with `toJSON()`), `undefined` in objects and arrays,
 * empty array slots, functions, symbols, BigInt, `NaN`, `±Infinity`, cycles and own `__proto__`
 * keys. `-0` is written as `0`. Reading drops `__proto__` keys so a cached payload can never change
 * an object's prototype. For Dates, Maps, Sets, BigInts and bytes, use {@link losslessSerializer}.
 *
 * @example
 * ```ts
 * const serializer = jsonSerializer();
 * serializer.deserialize(serializer.serialize({ a: 1 })); // { a: 1 }
 * serializer.serialize({ at: new Date() }); // throws CacheError('not-serializable'): value.at is a Date...
 * ```
 */
export function jsonSerializer(options: JsonSerializerOptions = {}): Serializer {
  const dropUndefined = options.dropUndefined ?? false;
  return {
    name: 'json',
    serialize: function serializeJson(value: unknown): Uint8Array {
      assertJsonRoundTrips(value, dropUndefined);
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
    deserialize: deserializeJson,
  };
}

/** Text that could spell `__proto__`, literally or through `\u` escapes. */
const MAY_SPELL_PROTO = /__proto__|\\u/;

function deserializeJson(bytes: Uint8Array): unknown {
  // `toString()` without an encoding argument is utf8 and skips the encoding lookup.
  const text = Buffer.isBuffer(bytes)
    ? bytes.toString()
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString();
  // The reviver makes JSON.parse several times slower, so it runs only when the text could spell
  // `__proto__` (one scan for either spelling).
  if (MAY_SPELL_PROTO.test(text)) return JSON.parse(text, dropProtoKeys);
  return JSON.parse(text);
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}
