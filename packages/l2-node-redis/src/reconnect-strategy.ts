/** Options of {@link cappedBackoff}. */
export interface CappedBackoffOptions {
  /** Longest wait between two attempts, in milliseconds. @default 2000 */
  readonly maxDelayMs?: number;
}

/**
 * A node-redis `reconnectStrategy` that never gives up: 50 ms, 100 ms, 200 ms, ... up to
 * `maxDelayMs`, plus up to 100 ms of jitter so that many instances do not reconnect in lockstep.
 * Unlike node-redis' default it also reconnects after a socket timeout.
 *
 * @example
 * ```ts
 * createClient({ socket: { reconnectStrategy: cappedBackoff({ maxDelayMs: 1000 }) } });
 * ```
 */
export function cappedBackoff(options: CappedBackoffOptions = {}): (retries: number) => number {
  const maxDelayMs = options.maxDelayMs ?? 2000;
  return function reconnectDelay(retries: number): number {
    const delay = Math.min(50 * 2 ** Math.min(retries, 16), maxDelayMs);
    return delay + Math.floor(Math.random() * 100);
  };
}
