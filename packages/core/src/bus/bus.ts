import type { InvalidationMessage } from './invalidation-message.js';

/**
 * What a bus knows of a gap it reports to {@link BusListener.onReconnect}.
 *
 * @example
 * ```ts
 * bus.subscribe({ onMessage() {}, onReconnect: (gap) => console.log(gap?.downMs) });
 * ```
 */
export interface BusGap {
  /** How long the subscription was down in milliseconds; `undefined` when not measured. */
  readonly downMs: number | undefined;
}

/**
 * What a bus knows of a gap it closed by replaying what was sent meanwhile, reported to
 * {@link BusListener.onResume}: nothing was lost.
 *
 * @example
 * ```ts
 * bus.subscribe({ onMessage() {}, onResume: ({ downMs, replayed }) => console.log(downMs, replayed) });
 * ```
 */
export interface BusResume extends BusGap {
  /** How many messages the bus replayed to close the gap. */
  readonly replayed: number;
}

/**
 * Receives what other instances publish, and hears when the connection came back after a gap in
 * which messages may have been lost.
 *
 * @example
 * ```ts
 * bus.subscribe({
 *   onMessage: (message) => console.log(message.type),
 *   onReconnect: () => console.log('messages may have been missed'),
 * });
 * ```
 */
export interface BusListener {
  onMessage(message: InvalidationMessage): void;
  /**
   * Called after the subscription was lost and restored: messages sent meanwhile are gone.
   * `gap.downMs` is how long it was down, when the bus knows.
   */
  onReconnect?(gap?: BusGap): void;
  /**
   * Called after the subscription was lost and restored when the bus delivered everything sent
   * meanwhile (a replay log): nothing was lost, so the cache keeps its L1. A bus calls either
   * this or `onReconnect` for one gap, never both.
   */
  onResume?(resume: BusResume): void;
}

/**
 * Carries invalidation messages between instances. A bus never delivers an instance's own
 * messages back to it. Core defines the contract; `@multi-tier-cache/invalidation` encodes, signs
 * and transports messages over Redis Pub/Sub, and `memoryBusHub()` connects instances in one
 * process for tests.
 *
 * @example
 * ```ts
 * const cache = createCache({ l1: memoryL1Store(), l2: [store], bus });
 * await cache.invalidate('user:1'); // gone here and on every other instance
 * ```
 */
export interface Bus {
  /** Sends to every other instance. May queue while disconnected instead of rejecting. */
  publish(message: InvalidationMessage): Promise<void>;
  /** Starts delivering to `listener`; returns a function that stops it. */
  subscribe(listener: BusListener): () => void;
  /**
   * How recently the bus proved it delivers, when it can tell: every message published on it
   * before `confirmedAt` (`Date.now()` milliseconds) has reached this instance. While
   * `confirmedAt` is more than `maxStalenessMs` old (a stalled Redis, a lost subscription, this
   * process paused), the cache serves no L1 hit without reading the shared tiers again. Read on
   * every L1 hit: keep both plain fields. A bus without it never stops L1 hits.
   */
  readonly liveness?: { readonly confirmedAt: number; readonly maxStalenessMs: number };
  /** Counters for stats(), when the implementation keeps them. */
  stats?(): Readonly<Record<string, unknown>>;
  close(): Promise<void>;
}
