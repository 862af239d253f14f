/**
 * Options of {@link cappedBackoff}.
 *
 * @example
 * ```ts
 * const options: CappedBackoffOptions = { initialMs: 50, maxMs: 2000 };
 * ```
 */
export interface CappedBackoffOptions {
  /** Wait before the first retry, in milliseconds. @default 50 */
  readonly initialMs?: number;
  /** Longest wait between two attempts, in milliseconds. @default 2000 */
  readonly maxMs?: number;
  /** Source of randomness for the jitter. @default Math.random */
  readonly random?: () => number;
}

/**
 * Capped exponential backoff with jitter, for reconnection and retry loops that never give up:
 * attempt `n` (0-based) waits `initialMs × 2ⁿ`, at most `maxMs`, minus up to 20 % at random so
 * that many instances do not reconnect in step.
 *
 * @example
 * ```ts
 * const delay = cappedBackoff({ maxMs: 2000 });
 * new Redis({ retryStrategy: (times) => delay(times - 1) });
 * createClient({ socket: { reconnectStrategy: (retries) => delay(retries) } });
 * ```
 */
export function cappedBackoff(options: CappedBackoffOptions = {}): (attempt: number) => number {
  const initialMs = options.initialMs ?? 50;
  const maxMs = options.maxMs ?? 2000;
  const random = options.random ?? Math.random;
  return function backoffDelayMs(attempt) {
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
    return Math.round(base * (1 - 0.2 * random()));
  };
}
