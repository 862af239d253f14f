/**
 * Capped exponential backoff: how long to wait before reconnect attempt `attempt` (0-based):
 * `initialMs * 2^attempt`, at most `maxMs`, with up to 20% random jitter subtracted so that many
 * connections do not reconnect in lockstep.
 *
 * @example
 * ```ts
 * backoffDelay(0, 50, 2000); // about 50
 * backoffDelay(10, 50, 2000); // about 2000
 * ```
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - 0.2 * random()));
}
