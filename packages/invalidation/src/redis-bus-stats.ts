import type { InvalidationType } from '@multi-tier-cache/core';
import type { DropReason } from './envelope.js';

/**
 * Counters of a {@link RedisBus}, also shown under `bus` in the cache's `stats()`.
 *
 * @example
 * ```ts
 * const { dropped, queueLength } = bus.stats();
 * if (dropped.badSignature > 0) alert('forged invalidation messages on the bus');
 * ```
 */
export type RedisBusStats = {
  readonly instanceId: string;
  readonly channel: string;
  readonly format: 'binary' | 'rust';
  readonly transport: string;
  /** Messages published successfully. */
  readonly sent: number;
  /** Messages from other instances delivered to listeners, per operation. */
  readonly received: Readonly<Record<InvalidationType, number>>;
  /**
   * Incoming payloads dropped, per reason. For `unknownValueEncoding` only the value is dropped:
   * the update still invalidates its key.
   */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Times the subscription came back after being lost. */
  readonly reconnects: number;
  /** Entries waiting to be published. */
  readonly queueLength: number;
  /** Times the queue was full and collapsed into one 'clear'. */
  readonly queueOverflows: number;
  /** Publishes that failed or timed out (and were queued). */
  readonly publishErrors: number;
  /** Listener callbacks that threw (the error is swallowed so other listeners still run). */
  readonly listenerErrors: number;
  /** Whether the subscription is active now. */
  readonly subscribed: boolean;
  /** With `tracking`: what Redis reported. */
  readonly tracking?: TrackingStats;
  /** The staleness bound's state; absent with `maxStaleness: false` or format 'rust'. */
  readonly liveness?: LivenessStats;
  /** With `replay`: what the log gave back after gaps. */
  readonly replay?: ReplayStats;
};

/**
 * Counters of server-assisted tracking, under `tracking` in {@link RedisBusStats}.
 *
 * @example
 * ```ts
 * const { keys, gaps } = bus.stats().tracking!;
 * ```
 */
export type TrackingStats = {
  /** Whether every master is tracked now. */
  readonly active: boolean;
  /** Invalidation messages from Redis delivered (each a `remove` of one or more keys). */
  readonly invalidations: number;
  /** Keys in them. */
  readonly keys: number;
  /** FLUSHALL / FLUSHDB reports, each delivered as a `clear`. */
  readonly flushes: number;
  /** Times tracking was lost and came back (each cleared L1). */
  readonly gaps: number;
};

/**
 * Counters of the replay log, under `replay` in {@link RedisBusStats}.
 *
 * @example
 * ```ts
 * const { replayed, clears, lastGapMs } = bus.stats().replay!;
 * ```
 */
export type ReplayStats = {
  readonly key: string;
  /** Id of the last log entry this instance applied. */
  readonly lastId: string;
  /** Gaps closed by replaying the log. */
  readonly replays: number;
  /** Messages replayed, all gaps together. */
  readonly replayed: number;
  /** Messages replayed after the last gap. */
  readonly lastReplayed: number;
  /** How long the last subscriber gap lasted, in milliseconds. */
  readonly lastGapMs: number;
  /** Gaps where the log no longer reached back (trimmed or unreadable), so L1 was cleared. */
  readonly clears: number;
};

/** Mutable counters behind {@link RedisBusStats}. */
/**
 * What `redisBus({ maxStaleness })` knows of its own delivery.
 *
 * @example
 * ```ts
 * const { stalled, confirmedAt } = bus.stats().liveness!;
 * ```
 */
export type LivenessStats = {
  readonly maxStalenessMs: number;
  /** `Date.now()` up to which every message on the channel is known to have arrived. */
  readonly confirmedAt: number;
  /** True while L1 hits are not served (no proof of delivery for `maxStalenessMs`). */
  readonly stalled: boolean;
  /** Heartbeats sent (only when nothing else was published for a third of the bound). */
  readonly heartbeats: number;
};

export class BusCounters {
  heartbeats = 0;
  sent = 0;
  received: Record<InvalidationType, number> = {
    remove: 0,
    update: 0,
    pattern: 0,
    clear: 0,
    expire: 0,
    tags: 0,
    namespace: 0,
  };
  dropped: Record<DropReason, number> = {
    own: 0,
    malformed: 0,
    badSignature: 0,
    patternTooLong: 0,
    unknownValueEncoding: 0,
    outOfOrder: 0,
  };
  reconnects = 0;
  tracking = { invalidations: 0, keys: 0, flushes: 0, gaps: 0 };
  publishErrors = 0;
  listenerErrors = 0;
}
