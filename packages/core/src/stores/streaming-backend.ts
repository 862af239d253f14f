/**
 * Field values of one stream entry. Bytes are stored as given; strings as UTF-8.
 *
 * @example
 * ```ts
 * const fields: StreamFields = { event: 'login', user: '42' };
 * ```
 */
export type StreamFields = Readonly<Record<string, string | Uint8Array>>;

/**
 * One entry read back from a stream.
 *
 * @example
 * ```ts
 * const [first] = await cache.readStreamLatest('events', 1); // { id: '1700000000000-0', fields: { ... } }
 * ```
 */
export interface StreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The stream operations the cache exposes under the Rust crate's names. `@multi-tier-cache/streams`
 * implements it on ioredis and node-redis; pass one to `CacheSystemBuilder.withStreams()`.
 *
 * @example
 * ```ts
 * const cache = new CacheSystemBuilder().withL1(l1).withL2(l2).withStreams(streams).build();
 * const id = await cache.publishToStream('events', { type: 'login' }, 1000);
 * ```
 */
export interface StreamingBackend {
  publish(
    stream: string,
    fields: StreamFields,
    options?: { readonly maxLen?: number; readonly exact?: boolean },
  ): Promise<string>;
  readLatest(stream: string, count: number): Promise<StreamEntry[]>;
  read(
    stream: string,
    options?: { readonly lastId?: string; readonly count?: number; readonly blockMs?: number },
  ): Promise<StreamEntry[]>;
  close?(): Promise<void>;
}
