import { Buffer } from 'node:buffer';
import { CacheError } from '../errors.js';
import { decodeLossless } from './lossless-decode.js';
import { encodeLossless } from './lossless-encode.js';
import { DEFAULT_MAX_DEPTH } from './lossless-tags.js';
import type { Serializer } from './serializer.js';

/**
 * Options of {@link losslessSerializer}.
 *
 * @example
 * ```ts
 * losslessSerializer({ maxDepth: 64 });
 * ```
 */
export interface LosslessSerializerOptions {
  /**
   * Deepest nesting of arrays, objects, Maps and Sets written or read; deeper values are refused
   * when writing and deeper bytes are a decode error when reading, so hostile bytes cannot
   * exhaust the stack.
   * @default 1000
   */
  readonly maxDepth?: number;
}

/**
 * A serializer that gives back what you stored: everything JSON holds, plus `Date` (invalid ones
 * too), `Map`, `Set`, `BigInt`, `Uint8Array`, `Buffer`, `undefined` (in objects, arrays, Maps and
 * Sets), `NaN`, `±Infinity` and `-0`, as compact tagged JSON (`{"$date":1700000000000}`; your own
 * keys starting with `$` are escaped). Class instances, functions, symbols and cycles are refused
 * with `CacheError('not-serializable')` naming the path. Reading untrusted bytes is safe:
 * `__proto__` keys are dropped, nesting is bounded by `maxDepth`, nothing is evaluated, and
 * anything that is not this encoding throws (the cache counts it as a miss). Empty array slots
 * read back as `undefined`; `Object.create(null)` objects read back as plain objects.
 *
 * @example
 * ```ts
 * import { createCache, losslessSerializer } from '@multi-tier-cache/core';
 *
 * const cache = createCache({ l2: [store], serializer: losslessSerializer() });
 * await cache.set('session:1', { seen: new Set(['a']), at: new Date(), visits: 10n ** 20n });
 * ```
 */
export function losslessSerializer(options: LosslessSerializerOptions = {}): Serializer {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) {
    throw new CacheError(
      'configuration',
      `maxDepth is ${String(maxDepth)}: pass a positive integer (default ${DEFAULT_MAX_DEPTH})`,
    );
  }
  return {
    name: 'lossless',
    serialize: function serializeLossless(value: unknown): Uint8Array {
      return Buffer.from(JSON.stringify(encodeLossless(value, maxDepth)), 'utf8');
    },
    deserialize: function deserializeLossless(bytes: Uint8Array): unknown {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      return decodeLossless(JSON.parse(text), maxDepth);
    },
  };
}
