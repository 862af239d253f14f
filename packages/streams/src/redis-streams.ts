import { CacheError } from '@multi-tier-cache/core';
import { BlockingConnections } from './blocking-connections.js';
import type { StreamClient } from './client/stream-client.js';
import { ack } from './commands/ack.js';
import { claimIdle } from './commands/claim-idle.js';
import { createGroup } from './commands/create-group.js';
import { pending, pendingEntries } from './commands/pending.js';
import { publish } from './commands/publish.js';
import { read } from './commands/read.js';
import { readGroup } from './commands/read-group.js';
import { readLatest } from './commands/read-latest.js';
import { subscribe } from './commands/subscribe.js';
import type { StreamContext } from './context.js';
import type {
  ClaimIdleOptions,
  ClaimResult,
  CreateGroupOptions,
  EncodingOption,
  PendingEntriesOptions,
  PendingEntry,
  PendingSummary,
  PublishOptions,
  ReadGroupOptions,
  ReadOptions,
  RedisStreamsOptions,
  SubscribeOptions,
} from './options.js';
import type { BinaryStreamEntry } from './reply.js';
import type { StreamEntry, StreamFields, StreamingBackend } from './streaming-backend.js';
import { assertPositiveInteger } from './validate.js';

type Utf8<O> = O & { readonly encoding?: 'utf8' };
type Bytes<O> = O & { readonly encoding: 'buffer' };
type Entries = Promise<(StreamEntry | BinaryStreamEntry)[]>;

/**
 * Redis Streams on one client: the {@link StreamingBackend} (`publish`, `readLatest`, `read`)
 * plus consumer groups and resumable subscriptions. Made by `ioredisStreams`, `nodeRedisStreams`
 * or `redisStreams`.
 *
 * @example
 * ```ts
 * const streams = ioredisStreams(new Redis(process.env.REDIS_URL));
 * const id = await streams.publish('events', { type: 'login', user: '42' });
 * const latest = await streams.readLatest('events', 10);
 * ```
 */
export class RedisStreams implements StreamingBackend {
  readonly #context: StreamContext;
  readonly #closing = new AbortController();

  constructor(client: StreamClient, options: RedisStreamsOptions = {}) {
    const maxLen = options.maxLen ?? 1000;
    if (maxLen !== Number.POSITIVE_INFINITY) assertPositiveInteger('maxLen', maxLen);
    const maxIdle = options.maxIdleBlockingConnections ?? 2;
    if (!Number.isSafeInteger(maxIdle) || maxIdle < 0) {
      throw new CacheError(
        'configuration',
        `maxIdleBlockingConnections is ${String(maxIdle)}: pass a whole number, 0 or more`,
      );
    }
    this.#context = {
      client,
      maxLen,
      maxLenArg: maxLen === Number.POSITIVE_INFINITY ? undefined : String(maxLen),
      blocking: new BlockingConnections(client, maxIdle),
    };
  }

  /**
   * Appends an entry (XADD), trimming the stream to about `maxLen` entries; resolves to its id.
   *
   * @example
   * ```ts
   * await streams.publish('events', { type: 'login', avatar: pngBytes }, { maxLen: 10_000 });
   * ```
   */
  publish(stream: string, fields: StreamFields, options?: PublishOptions): Promise<string> {
    if (this.#closing.signal.aborted) return closed();
    return publish(this.#context, stream, fields, options);
  }

  /**
   * The newest `count` entries, newest first (XREVRANGE); `[]` when the stream does not exist.
   *
   * @example
   * ```ts
   * const [newest] = await streams.readLatest('events', 1);
   * ```
   */
  readLatest(
    stream: string,
    count: number,
    options?: EncodingOption<'utf8'>,
  ): Promise<StreamEntry[]>;
  readLatest(
    stream: string,
    count: number,
    options: EncodingOption<'buffer'>,
  ): Promise<BinaryStreamEntry[]>;
  readLatest(stream: string, count: number, options?: EncodingOption): Entries {
    if (this.#closing.signal.aborted) return closed();
    return readLatest(this.#context, stream, count, options?.encoding === 'buffer');
  }

  /**
   * Entries after `lastId`, oldest first (XREAD); waits up to `blockMs` on a dedicated connection.
   *
   * @example
   * ```ts
   * const entries = await streams.read('events', { lastId: '$', blockMs: 5000 });
   * ```
   */
  read(stream: string, options?: Utf8<ReadOptions>): Promise<StreamEntry[]>;
  read(stream: string, options: Bytes<ReadOptions>): Promise<BinaryStreamEntry[]>;
  read(stream: string, options?: ReadOptions): Entries {
    if (this.#closing.signal.aborted) return closed();
    return read(this.#context, stream, options);
  }

  /**
   * Creates a consumer group (and the stream if needed); `false` when it already existed.
   *
   * @example
   * ```ts
   * await streams.createGroup('orders', 'billing', { startId: '0' });
   * ```
   */
  createGroup(stream: string, group: string, options?: CreateGroupOptions): Promise<boolean> {
    if (this.#closing.signal.aborted) return closed();
    return createGroup(this.#context.client, stream, group, options);
  }

  /**
   * Entries for `consumer` in `group` (XREADGROUP). With the default id `'>'` they stay pending
   * until acknowledged with `ack`.
   *
   * @example
   * ```ts
   * const entries = await streams.readGroup('orders', 'billing', 'worker-1', { blockMs: 5000 });
   * ```
   */
  readGroup(
    stream: string,
    group: string,
    consumer: string,
    options?: Utf8<ReadGroupOptions>,
  ): Promise<StreamEntry[]>;
  readGroup(
    stream: string,
    group: string,
    consumer: string,
    options: Bytes<ReadGroupOptions>,
  ): Promise<BinaryStreamEntry[]>;
  readGroup(stream: string, group: string, consumer: string, options?: ReadGroupOptions): Entries {
    if (this.#closing.signal.aborted) return closed();
    return readGroup(this.#context, stream, group, consumer, options);
  }

  /**
   * Acknowledges entries (XACK); resolves to how many were pending.
   *
   * @example
   * ```ts
   * await streams.ack('orders', 'billing', entry.id);
   * ```
   */
  ack(stream: string, group: string, ids: string | readonly string[]): Promise<number> {
    if (this.#closing.signal.aborted) return closed();
    return ack(this.#context.client, stream, group, ids);
  }

  /**
   * How many entries the group has pending, overall and per consumer (XPENDING).
   *
   * @example
   * ```ts
   * const { count, consumers } = await streams.pending('orders', 'billing');
   * ```
   */
  pending(stream: string, group: string): Promise<PendingSummary> {
    if (this.#closing.signal.aborted) return closed();
    return pending(this.#context.client, stream, group);
  }

  /**
   * The pending entries with their owner, idle time and delivery count (XPENDING with a range).
   *
   * @example
   * ```ts
   * const stuck = await streams.pendingEntries('orders', 'billing', { minIdleMs: 60_000 });
   * ```
   */
  pendingEntries(
    stream: string,
    group: string,
    options?: PendingEntriesOptions,
  ): Promise<PendingEntry[]> {
    if (this.#closing.signal.aborted) return closed();
    return pendingEntries(this.#context.client, stream, group, options);
  }

  /**
   * Takes over entries that stayed pending at least `minIdleMs` (XAUTOCLAIM), typically from a
   * consumer that died. Process and `ack` them; call again with `nextId` until it is `'0-0'`.
   *
   * @example
   * ```ts
   * const { entries } = await streams.claimIdle('orders', 'billing', 'worker-2', { minIdleMs: 30_000 });
   * ```
   */
  claimIdle(
    stream: string,
    group: string,
    consumer: string,
    options: Utf8<ClaimIdleOptions>,
  ): Promise<ClaimResult<StreamEntry>>;
  claimIdle(
    stream: string,
    group: string,
    consumer: string,
    options: Bytes<ClaimIdleOptions>,
  ): Promise<ClaimResult<BinaryStreamEntry>>;
  claimIdle(
    stream: string,
    group: string,
    consumer: string,
    options: ClaimIdleOptions,
  ): Promise<ClaimResult<StreamEntry | BinaryStreamEntry>> {
    if (this.#closing.signal.aborted) return closed();
    return claimIdle(this.#context.client, stream, group, consumer, options);
  }

  /**
   * Entries as they arrive, read with blocking reads on a connection of its own. Plain mode
   * delivers each entry after `lastId` at most once per iterator and resumes from the last one it
   * delivered after a reconnect; group mode (`group` + `consumer`) is at-least-once: it first
   * re-delivers this consumer's unacknowledged entries, and you `ack` each entry when done.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * for await (const entry of streams.subscribe('orders', { group: 'billing', consumer: 'w1', signal: controller.signal })) {
   *   await bill(entry);
   *   await streams.ack('orders', 'billing', entry.id);
   * }
   * ```
   */
  subscribe(stream: string, options: SubscribeOptions = {}): AsyncIterableIterator<StreamEntry> {
    if (this.#closing.signal.aborted) {
      throw new CacheError(
        'closed',
        'the streams backend is closed: create a new one to subscribe',
      );
    }
    return subscribe(this.#context, stream, options, this.#closing.signal);
  }

  /**
   * Ends every subscription and closes the connections this backend opened; later calls reject
   * with `CacheError('closed')`. Your client stays open: close it yourself.
   *
   * @example
   * ```ts
   * await streams.close();
   * await redis.quit();
   * ```
   */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#context.blocking.close();
  }
}

function closedError(): CacheError {
  return new CacheError('closed', 'the streams backend is closed: create a new one');
}

function closed(): Promise<never> {
  return Promise.reject(closedError());
}

/**
 * Streams on any client wrapped in a {@link StreamClient} adapter (the ioredis and node-redis ones
 * are `ioredisClient` and `nodeRedisClient`).
 *
 * @example
 * ```ts
 * const streams = redisStreams(ioredisClient(redis), { maxLen: 10_000 });
 * ```
 */
export function redisStreams(
  client: StreamClient,
  options: RedisStreamsOptions = {},
): RedisStreams {
  return new RedisStreams(client, options);
}
