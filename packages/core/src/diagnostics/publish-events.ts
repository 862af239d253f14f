import type { Channel } from 'node:diagnostics_channel';
import { diagnosticsChannels } from './channels.js';
import type { BreakerState } from './event-messages.js';

// Each helper reads `hasSubscribers` first: with no subscriber nothing is allocated.

/**
 * Publishes on `multi-tier-cache:promotion`.
 *
 * @example
 * ```ts
 * publishPromotion('user:1', 'redis', 'lru', 30_000);
 * ```
 */
export function publishPromotion(key: string, from: string, to: string, ttlMs: number): void {
  const channel: Channel = diagnosticsChannels.promotion;
  if (channel.hasSubscribers) channel.publish({ key, from, to, ttlMs });
}

/**
 * Publishes on `multi-tier-cache:breaker`.
 *
 * @example
 * ```ts
 * publishBreaker('redis', 'open', 5);
 * ```
 */
export function publishBreaker(tier: string, state: BreakerState, failures: number): void {
  const channel = diagnosticsChannels.breaker;
  if (channel.hasSubscribers) channel.publish({ tier, state, failures });
}

/**
 * Publishes on `multi-tier-cache:bus.gap`.
 *
 * @example
 * ```ts
 * publishBusGap('subscription lost', 'clear-l1');
 * ```
 */
export function publishBusGap(reason: string, action: 'clear-l1' | 'keep'): void {
  const channel = diagnosticsChannels.busGap;
  if (channel.hasSubscribers) channel.publish({ reason, action });
}

/**
 * Publishes on `multi-tier-cache:bus.reconnect`.
 *
 * @example
 * ```ts
 * publishBusReconnect(1_250);
 * publishBusReconnect(1_250, 42); // a gap the bus closed by replaying 42 messages
 * ```
 */
export function publishBusReconnect(downMs: number | undefined, replayed?: number): void {
  const channel = diagnosticsChannels.busReconnect;
  if (!channel.hasSubscribers) return;
  channel.publish(replayed === undefined ? { downMs } : { downMs, replayed });
}

/**
 * Publishes on `multi-tier-cache:bus.dropped`.
 *
 * @example
 * ```ts
 * publishBusDropped('forged', 1);
 * ```
 */
export function publishBusDropped(reason: string, count: number): void {
  const channel = diagnosticsChannels.busDropped;
  if (channel.hasSubscribers) channel.publish({ reason, count });
}

/**
 * Publishes on `multi-tier-cache:tier.error`.
 *
 * @example
 * ```ts
 * publishTierError('redis', 'get', 'user:1', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
 * ```
 */
export function publishTierError(
  tier: string,
  operation: string,
  key: string | undefined,
  error: unknown,
): void {
  const channel = diagnosticsChannels.tierError;
  if (channel.hasSubscribers) channel.publish({ tier, operation, key, error });
}
