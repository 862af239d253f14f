import type { CacheState } from './cache-state.js';
import type { LockSettings } from './lock-settings.js';
import { lockWaiters, writesAnnounced } from './lock-waiters.js';

/**
 * First and longest pause between two looks at the shared tier while another instance computes,
 * and the growth between them: gentle, so a short computation is seen soon after it is written.
 */
const FIRST_POLL_MS = 2;
const LONGEST_POLL_MS = 25;
const POLL_GROWTH = 1.5;
/**
 * With a bus, the holder's write wakes its waiters; this longest sleep between two looks is the
 * safety net for a lost message and for a holder whose computation failed (it writes nothing).
 */
const LONGEST_BUS_SLEEP_MS = 200;

/**
 * One wait for keys another instance holds the lease of, bounded by `lock.wait`: with a bus that
 * announces writes, each sleep lasts until the holder's write is announced (at most 200 ms, and
 * never past the moment the holder's lease may have expired); without one, a backoff from 2 ms
 * growing ×1.5 to 25 ms.
 */
export class LeaseBackoff {
  readonly #state: CacheState;
  readonly #ttlMs: number;
  readonly #deadline: number;
  readonly #announced: boolean;
  #pause = FIRST_POLL_MS;
  #leaseEnd = 0;

  constructor(state: CacheState, lock: LockSettings) {
    this.#state = state;
    this.#ttlMs = lock.ttlMs;
    this.#deadline = performance.now() + lock.waitMs;
    this.#announced = writesAnnounced(state);
  }

  /** Whether the wait is over (`lock.wait` spent, or the cache closed): the caller computes. */
  get expired(): boolean {
    return this.#state.closed || performance.now() >= this.#deadline;
  }

  /** Sleeps until the next look at the shared tier is due, just after a failed acquire. */
  sleep(keys: string | readonly string[]): Promise<void> {
    const now = performance.now();
    const left = this.#deadline - now;
    if (this.#announced) {
      // The lease we just failed to take was taken before now, so it ends by now + ttl.
      if (this.#leaseEnd <= now) this.#leaseEnd = now + this.#ttlMs;
      const ms = Math.min(LONGEST_BUS_SLEEP_MS, this.#leaseEnd - now, left);
      return lockWaiters(this.#state).sleep(keys, ms);
    }
    const ms = Math.min(this.#pause, left);
    this.#pause = Math.min(this.#pause * POLL_GROWTH, LONGEST_POLL_MS);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
