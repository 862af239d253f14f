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
 * const [first] = await streams.readLatest('events', 1); // { id: '1700000000000-0', fields: { ... } }
 * ```
 */
export interface StreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The stream operations behind the Rust crate's stream calls (`publishToStream`,
 * `readStreamLatest`, `readStream`). `ioredisStreams` and `nodeRedisStreams` implement it; the
 * `CacheSystem` of `multi-tier-cache` and {@link withStreams} offer the Rust-style calls on top.
 *
 * @example
 * ```ts
 * const backend: StreamingBackend = ioredisStreams(redis);
 * const id = await backend.publish('events', { type: 'login' }, { maxLen: 1000 });
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
