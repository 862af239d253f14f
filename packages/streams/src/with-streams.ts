import type { StreamEntry, StreamFields, StreamingBackend } from './streaming-backend.js';

/**
 * The Rust crate's stream calls on a cache of `createCache`, returned by {@link withStreams}.
 * `close()` closes the cache and then the streams backend (never a client you passed to it).
 *
 * @example
 * ```ts
 * const app = withStreams(createCache({ l1: lruStore() }), ioredisStreams(redis));
 * await app.cache.set('user:1', user);
 * await app.publishToStream('events', { type: 'login', user: '1' }, 1000);
 * await app.close();
 * ```
 */
export interface CacheWithStreams<C, B extends StreamingBackend = StreamingBackend> {
  /** The cache you passed in, unchanged. */
  readonly cache: C;
  /** The streams backend you passed in, for consumer groups and subscriptions. */
  readonly streams: B;
  /**
   * Appends an entry (XADD), trimming the stream to about `maxLen` entries (the backend's own
   * default when omitted); resolves to its id.
   */
  publishToStream(stream: string, fields: StreamFields, maxLen?: number): Promise<string>;
  /** The newest `count` entries, newest first; `[]` when the stream does not exist. */
  readStreamLatest(stream: string, count: number): Promise<StreamEntry[]>;
  /**
   * At most `count` entries after `lastId` (`'0'` for all, `'$'` for only new ones), oldest
   * first, waiting up to `blockMs` when there are none (no wait when omitted).
   */
  readStream(
    stream: string,
    lastId?: string,
    count?: number,
    blockMs?: number,
  ): Promise<StreamEntry[]>;
  /** Closes the cache, then the streams backend; rejects with the first failure. */
  close(): Promise<void>;
  /** `await using app = withStreams(...)` closes both at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Gives a cache made with `createCache` the Rust crate's `publishToStream`, `readStreamLatest` and
 * `readStream`, backed by a streams backend (`ioredisStreams`, `nodeRedisStreams` or your own
 * {@link StreamingBackend}). The zero-config `CacheSystem` of `multi-tier-cache` has the same
 * three calls built in.
 *
 * @example
 * ```ts
 * import { createCache } from '@multi-tier-cache/core';
 * import { ioredisStreams, withStreams } from '@multi-tier-cache/streams';
 *
 * const app = withStreams(createCache({ l1: lruStore(), l2: [store] }), ioredisStreams(redis));
 * const id = await app.publishToStream('events', { type: 'login', user: '42' }, 1000);
 * const latest = await app.readStreamLatest('events', 10);
 * const next = await app.readStream('events', id, 100, 5000);
 * ```
 */
export function withStreams<C extends { close(): Promise<void> }, B extends StreamingBackend>(
  cache: C,
  streams: B,
): CacheWithStreams<C, B> {
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= closeInOrder(cache, streams);
    return closing;
  };
  return {
    cache,
    streams,
    publishToStream: (stream, fields, maxLen) =>
      settle(() => streams.publish(stream, fields, maxLen === undefined ? undefined : { maxLen })),
    readStreamLatest: (stream, count) => settle(() => streams.readLatest(stream, count)),
    readStream: (stream, lastId = '0', count = 100, blockMs) =>
      settle(() =>
        streams.read(stream, { lastId, count, ...(blockMs === undefined ? {} : { blockMs }) }),
      ),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Calls `operation`, turning a synchronous throw of a third-party backend into a rejection. */
function settle<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return operation();
  } catch (error) {
    return Promise.reject(error);
  }
}

async function closeInOrder(
  cache: { close(): Promise<void> },
  streams: StreamingBackend,
): Promise<void> {
  const [cacheClosed] = await Promise.allSettled([settle(() => cache.close())]);
  const [streamsClosed] = await Promise.allSettled([settle(async () => streams.close?.())]);
  for (const result of [cacheClosed, streamsClosed]) {
    if (result?.status === 'rejected') throw result.reason;
  }
}
