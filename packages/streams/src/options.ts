import type { BinaryStreamEntry } from './reply.js';
import type { StreamEntry } from './streaming-backend.js';

/**
 * Options of `publish`.
 *
 * @example
 * ```ts
 * await streams.publish('audit', fields, { maxLen: 100_000 });
 * ```
 */
export interface PublishOptions {
  /**
   * Trim the stream to about this many entries (`XADD MAXLEN ~ n`). `Infinity` never trims.
   * @default the backend's `maxLen` (1000, as the Rust crate)
   */
  readonly maxLen?: number;
  /** Trim to exactly `maxLen` (`MAXLEN n`) instead of about it; slower on Redis. @default false */
  readonly exact?: boolean;
}

/**
 * How field values are returned: UTF-8 strings (`StreamEntry`) or raw bytes.
 *
 * @example
 * ```ts
 * const [entry] = await streams.readLatest('uploads', 1, { encoding: 'buffer' });
 * ```
 */
export interface EncodingOption<E extends 'utf8' | 'buffer' = 'utf8' | 'buffer'> {
  /** `'buffer'` returns field values as `Buffer`, byte for byte. @default 'utf8' */
  readonly encoding?: E;
}

/**
 * Options of `read` (XREAD).
 *
 * @example
 * ```ts
 * await streams.read('events', { lastId: '$', count: 10, blockMs: 5000 });
 * ```
 */
export interface ReadOptions extends EncodingOption {
  /** Return entries after this id: `'0'` for all, `'$'` for only entries added from now. @default '0' */
  readonly lastId?: string;
  /** At most this many entries. @default 100 */
  readonly count?: number;
  /**
   * Wait up to this many ms for an entry when none is there (0 waits forever). The wait happens on
   * a dedicated connection, never on your client. @default undefined (do not wait)
   */
  readonly blockMs?: number;
}

/**
 * Options of `createGroup`.
 *
 * @example
 * ```ts
 * await streams.createGroup('orders', 'billing', { startId: '0' });
 * ```
 */
export interface CreateGroupOptions {
  /** The group delivers entries after this id: `'$'` for only new ones, `'0'` for all. @default '$' */
  readonly startId?: string;
}

/**
 * Options of `readGroup` (XREADGROUP).
 *
 * @example
 * ```ts
 * await streams.readGroup('orders', 'billing', 'worker-1', { count: 10, blockMs: 5000 });
 * ```
 */
export interface ReadGroupOptions extends EncodingOption {
  /** At most this many entries. @default 100 */
  readonly count?: number;
  /** Wait up to this many ms for new entries, on a dedicated connection. @default undefined */
  readonly blockMs?: number;
  /**
   * `'>'` for entries never delivered to the group; an id (e.g. `'0'`) re-reads this consumer's own
   * pending entries after it. @default '>'
   */
  readonly id?: string;
}

/**
 * What `pending` returns (XPENDING summary).
 *
 * @example
 * ```ts
 * const { count, consumers } = await streams.pending('orders', 'billing');
 * ```
 */
export interface PendingSummary {
  /** Entries delivered to the group and not acknowledged yet. */
  readonly count: number;
  readonly smallestId: string | null;
  readonly greatestId: string | null;
  /** Pending entries per consumer. */
  readonly consumers: readonly { readonly name: string; readonly pending: number }[];
}

/**
 * Options of `pendingEntries` (XPENDING with a range).
 *
 * @example
 * ```ts
 * await streams.pendingEntries('orders', 'billing', { consumer: 'worker-1', minIdleMs: 60_000 });
 * ```
 */
export interface PendingEntriesOptions {
  /** @default '-' */
  readonly start?: string;
  /** @default '+' */
  readonly end?: string;
  /** @default 100 */
  readonly count?: number;
  /** Only this consumer's entries. @default every consumer */
  readonly consumer?: string;
  /** Only entries idle at least this long. @default 0 */
  readonly minIdleMs?: number;
}

/**
 * One pending entry (XPENDING with a range).
 *
 * @example
 * ```ts
 * const [{ id, consumer, idleMs, deliveries }] = await streams.pendingEntries('orders', 'billing');
 * ```
 */
export interface PendingEntry {
  readonly id: string;
  readonly consumer: string;
  /** Milliseconds since it was last delivered. */
  readonly idleMs: number;
  /** How many times it was delivered. */
  readonly deliveries: number;
}

/**
 * Options of `claimIdle` (XAUTOCLAIM).
 *
 * @example
 * ```ts
 * await streams.claimIdle('orders', 'billing', 'worker-2', { minIdleMs: 30_000, count: 50 });
 * ```
 */
export interface ClaimIdleOptions extends EncodingOption {
  /** Only claim entries nobody has touched for this long. */
  readonly minIdleMs: number;
  /** Claim at most this many per call. @default 100 */
  readonly count?: number;
  /** Scan the pending list from this id; pass the previous call's `nextId` to go on. @default '0-0' */
  readonly startId?: string;
}

/**
 * What `claimIdle` returns.
 *
 * @example
 * ```ts
 * const { entries, nextId } = await streams.claimIdle('orders', 'billing', 'w2', { minIdleMs: 30_000 });
 * ```
 */
export interface ClaimResult<E = StreamEntry> {
  /** The entries now owned by the claiming consumer; acknowledge each when done. */
  readonly entries: E[];
  /** Where to continue scanning; `'0-0'` once the whole pending list was scanned. */
  readonly nextId: string;
  /** Ids that were pending but no longer exist in the stream (Redis 7 drops them from the list). */
  readonly deletedIds: string[];
}

/**
 * Options of `subscribe`.
 *
 * @example
 * ```ts
 * streams.subscribe('orders', { group: 'billing', consumer: 'w1', signal: controller.signal });
 * ```
 */
export interface SubscribeOptions {
  /** Aborting ends the iterator and closes its connection. */
  readonly signal?: AbortSignal;
  /**
   * Plain mode: deliver entries after this id. `'$'` (entries added from now on) is resolved to
   * the stream's current last id at start, so nothing is skipped across reconnects. @default '$'
   */
  readonly lastId?: string;
  /** Group mode: the consumer group (created if missing, like `createGroup`). */
  readonly group?: string;
  /** Group mode: this consumer's name in the group. Required with `group`. */
  readonly consumer?: string;
  /** Group mode: where a group created by `subscribe` starts. @default '$' */
  readonly groupStartId?: string;
  /** How long one blocking read waits before it is issued again. @default 5000 */
  readonly blockMs?: number;
  /** At most this many entries per read. @default 100 */
  readonly count?: number;
}

/**
 * Options of the streams backend factories.
 *
 * @example
 * ```ts
 * const streams = ioredisStreams(redis, { maxLen: 10_000 });
 * ```
 */
export interface RedisStreamsOptions {
  /**
   * `publish` trims to about this many entries unless told otherwise; `Infinity` never trims.
   * @default 1000
   */
  readonly maxLen?: number;
  /** Idle dedicated connections kept for blocking `read` / `readGroup` calls. @default 2 */
  readonly maxIdleBlockingConnections?: number;
}

export type EntryFor<O> = O extends { readonly encoding: 'buffer' }
  ? BinaryStreamEntry
  : StreamEntry;
