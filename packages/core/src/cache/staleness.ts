import type { Bus } from '../bus/bus.js';

/**
 * The staleness bound on L1 hits: an instance whose bus has not confirmed delivery for
 * `maxStalenessMs` may have missed invalidations, so its L1 copies are not served without a
 * shared-tier read. The clock is read on the hit itself rather than flagged by a timer: after this
 * process was paused, I/O callbacks (requests) run before any timer does.
 */

/**
 * True when an L1 hit must be treated as a miss: one clock read (none when the caller passes the
 * `now` it already read) and a comparison, no allocation.
 */
export function l1Unconfirmed(bus: Bus | undefined, now?: number): boolean {
  const liveness = bus?.liveness;
  return (
    liveness !== undefined && (now ?? Date.now()) - liveness.confirmedAt > liveness.maxStalenessMs
  );
}
