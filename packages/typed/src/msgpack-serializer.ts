import { CacheError, type Serializer } from '@multi-tier-cache/core';
import { Packr, type Options as PackrOptions } from 'msgpackr';

/**
 * Options of {@link msgpackSerializer}: msgpackr's own options, minus those that would make the
 * bytes depend on state one process holds (shared record structures).
 *
 * @example
 * ```ts
 * msgpackSerializer({ int64AsType: 'number' });
 * ```
 */
export type MsgpackSerializerOptions = Omit<
  PackrOptions,
  'structures' | 'getStructures' | 'saveStructures' | 'maxSharedStructures' | 'useRecords'
>;

/**
 * MessagePack serializer on msgpackr: smaller and faster than JSON for most values. Dates, 64-bit
 * BigInts and binary data round-trip as themselves; Maps and Sets come back as plain objects and
 * arrays (let the schema rebuild them). Records are off so any instance
 * can read what another wrote. `__proto__` keys are renamed by msgpackr on read, so a payload
 * cannot change a prototype. Needs `msgpackr` installed (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { msgpackSerializer } from '@multi-tier-cache/typed/msgpack';
 * const cache = createCache({ l2: [ioredisStore({ url })], serializer: msgpackSerializer() });
 * ```
 */
export function msgpackSerializer(options: MsgpackSerializerOptions = {}): Serializer {
  const packr = new Packr({ ...options, useRecords: false, mapsAsObjects: true });
  return {
    name: 'msgpack',
    serialize: function serializeMsgpack(value) {
      try {
        return packr.pack(value);
      } catch (error) {
        throw new CacheError(
          'not-serializable',
          `value cannot be written as MessagePack: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
    deserialize: function deserializeMsgpack(bytes) {
      return packr.unpack(bytes);
    },
  };
}
