/**
 * Message of `multi-tier-cache:promotion`: a value read from a lower tier was copied upward.
 *
 * @example
 * ```ts
 * diagnosticsChannels.promotion.subscribe((message) => log((message as PromotionMessage).to));
 * ```
 */
export interface PromotionMessage {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly ttlMs: number;
}

/**
 * A circuit breaker's state: `open` skips the tier, `half-open` lets one probe through, `closed`
 * is normal service.
 *
 * @example
 * ```ts
 * const state: BreakerState = 'half-open';
 * ```
 */
export type BreakerState = 'open' | 'half-open' | 'closed';

/**
 * Message of `multi-tier-cache:breaker`: a tier's breaker changed state.
 *
 * @example
 * ```ts
 * diagnosticsChannels.breaker.subscribe((message) => log((message as BreakerMessage).state));
 * ```
 */
export interface BreakerMessage {
  readonly tier: string;
  readonly state: BreakerState;
  /** Consecutive failures counted when the state changed. */
  readonly failures: number;
}

/**
 * Message of `multi-tier-cache:bus.gap`: the bus may have lost messages, and what the cache did
 * about it.
 *
 * @example
 * ```ts
 * diagnosticsChannels.busGap.subscribe((message) => log((message as BusGapMessage).action));
 * ```
 */
export interface BusGapMessage {
  /** Why messages may be missing, e.g. `'subscription lost'`. */
  readonly reason: string;
  /** `clear-l1`: L1 was emptied; `keep`: L1 was kept (the `onBusReconnect` option). */
  readonly action: 'clear-l1' | 'keep';
}

/**
 * Message of `multi-tier-cache:bus.reconnect`: the bus is receiving again.
 *
 * @example
 * ```ts
 * diagnosticsChannels.busReconnect.subscribe((message) => log((message as BusReconnectMessage).downMs));
 * ```
 */
export interface BusReconnectMessage {
  /** How long the bus was not receiving, when known. */
  readonly downMs: number | undefined;
  /**
   * How many messages the bus replayed to close the gap (nothing was lost, L1 kept); `undefined`
   * when it did not replay (then `multi-tier-cache:bus.gap` says what happened to L1).
   */
  readonly replayed?: number;
}

/**
 * Message of `multi-tier-cache:tier.error`: a tier or the bus failed one call. Fail-open reads
 * and writes still succeed, so this is where a failing store shows up.
 *
 * @example
 * ```ts
 * diagnosticsChannels.tierError.subscribe((message) => log((message as TierErrorMessage).tier));
 * ```
 */
export interface TierErrorMessage {
  /** The tier's name (`'redis'`, `'memory'`...) or `'bus'`. */
  readonly tier: string;
  /** The call that failed: `get`, `set`, `delete`, `decode`, `publish`... */
  readonly operation: string;
  readonly key: string | undefined;
  readonly error: unknown;
}

/**
 * Message of `multi-tier-cache:bus.dropped`: received messages that were not applied.
 *
 * @example
 * ```ts
 * diagnosticsChannels.busDropped.subscribe((message) => log((message as BusDroppedMessage).reason));
 * ```
 */
export interface BusDroppedMessage {
  /** A short stable word: `malformed`, `forged`, `stale`, `pattern-too-long`, `unknown-encoding`... */
  readonly reason: string;
  readonly count: number;
}
