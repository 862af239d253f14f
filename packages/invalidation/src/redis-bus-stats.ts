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
};

/** Mutable counters behind {@link RedisBusStats}. */
export class BusCounters {
  sent = 0;
  received: Record<InvalidationType, number> = { remove: 0, update: 0, pattern: 0, clear: 0 };
  dropped: Record<DropReason, number> = {
    own: 0,
    malformed: 0,
    badSignature: 0,
    patternTooLong: 0,
    unknownValueEncoding: 0,
  };
  reconnects = 0;
  publishErrors = 0;
  listenerErrors = 0;
}
