/**
 * Turns values into the bytes shared tiers hold, and back. `deserialize` receives untrusted bytes:
 * it must throw (never return a polluted object) on garbage; the cache counts that as a miss.
 *
 * @example
 * ```ts
 * const cache = createCache({ l2: [store], serializer: jsonSerializer() });
 * ```
 */
export interface Serializer {
  readonly name: string;
  /** Throws `CacheError('not-serializable')` for values it cannot represent. */
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array): unknown;
}
