import { CacheError, type Serializer } from '@multi-tier-cache/core';

/**
 * Options of {@link sizeGuard}.
 *
 * @example
 * ```ts
 * sizeGuard(jsonSerializer(), { maxBytes: 512 * 1024, checkReads: false });
 * ```
 */
export interface SizeGuardOptions {
  /** Largest serialized value accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * Also refuse larger payloads read from a shared tier or the bus (decoded as a miss), so an
   * oversized value written by another program is never parsed.
   * @default true
   */
  readonly checkReads?: boolean;
}

/**
 * Wraps a serializer so values larger than `maxBytes` once serialized are refused with
 * `CacheError('value-too-large')` before any tier is written.
 *
 * @example
 * ```ts
 * const cache = createCache({
 *   l2: [ioredisStore({ url })],
 *   serializer: sizeGuard(jsonSerializer(), { maxBytes: 1024 * 1024 }),
 * });
 * await cache.set('report', hugeReport); // throws CacheError('value-too-large')
 * ```
 */
export function sizeGuard(serializer: Serializer, options: SizeGuardOptions): Serializer {
  const { maxBytes } = options;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new CacheError(
      'configuration',
      `sizeGuard maxBytes must be a positive integer number of bytes, got ${String(maxBytes)}`,
    );
  }
  const checkReads = options.checkReads ?? true;
  return {
    name: `${serializer.name}+size-guard`,
    serialize: function serializeGuarded(value) {
      const bytes = serializer.serialize(value);
      if (bytes.byteLength > maxBytes) {
        throw new CacheError(
          'value-too-large',
          `value is ${bytes.byteLength} bytes as ${serializer.name}; the size guard allows ${maxBytes}: store less, split it into several keys, or raise maxBytes`,
        );
      }
      return bytes;
    },
    deserialize: function deserializeGuarded(bytes) {
      if (checkReads && bytes.byteLength > maxBytes) {
        throw new CacheError(
          'value-too-large',
          `cached payload is ${bytes.byteLength} bytes; the size guard allows ${maxBytes}: it was treated as a miss`,
        );
      }
      return serializer.deserialize(bytes);
    },
  };
}
