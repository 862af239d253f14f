import { CacheError } from '../errors.js';
import type { L2Entry, L2Store } from '../stores/l2-store.js';
import { parseTtl, type Ttl } from '../ttl.js';
import { TierCounters } from './cache-stats.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { TimeoutQueue } from './timeout-queue.js';

/**
 * How one shared tier takes part in the cache.
 *
 * @example
 * ```ts
 * createCache({ l1, l2: [{ store: redis }, { store: archive, ttlScale: 8, promote: false }] });
 * ```
 */
export interface TierOptions {
  readonly store: L2Store;
  /** Copy a hit in a lower tier into this tier. @default true */
  readonly promote?: boolean;
  /** Multiplies the TTL written to this tier (the Rust crate uses 2 for L3 and 8 for L4). @default 1 */
  readonly ttlScale?: number;
  /** Longest TTL this tier is given, by writes and by promotion. @default unlimited */
  readonly maxTtl?: Ttl;
}

/**
 * A shared tier as the orchestrator sees it: every call timed out, failures counted and fed to a
 * circuit breaker, so a dead or hung server costs at most one timeout.
 */
export class SharedTier {
  readonly store: L2Store;
  readonly name: string;
  readonly promote: boolean;
  readonly ttlScale: number;
  readonly maxTtlMs: number;
  readonly counters = new TierCounters();
  readonly breaker: CircuitBreaker;
  readonly #timeoutMs: number;
  readonly #deadlines: TimeoutQueue;

  constructor(options: TierOptions, timeoutMs: number, breaker: CircuitBreakerOptions | undefined) {
    this.store = options.store;
    this.name = options.store.name;
    this.promote = options.promote ?? true;
    this.ttlScale = options.ttlScale ?? 1;
    this.maxTtlMs =
      options.maxTtl === undefined ? Number.POSITIVE_INFINITY : parseTtl(options.maxTtl);
    this.#timeoutMs = timeoutMs;
    this.#deadlines = new TimeoutQueue(timeoutMs);
    this.breaker = new CircuitBreaker(breaker);
    if (!(this.ttlScale > 0)) {
      throw new CacheError('configuration', `ttlScale of tier ${this.name} must be positive`);
    }
  }

  /** TTL this tier gets for a write whose base TTL is `ttlMs`. */
  ttlFor(ttlMs: number): number {
    return Math.min(Math.ceil(ttlMs * this.ttlScale), this.maxTtlMs);
  }

  /**
   * `store.get(key)` under the timeout and breaker, reported to `done(error, entry)` rather than
   * through a promise: this is the L2-hit hot path, and a callback saves the promise and the
   * closures that {@link call} adds per call.
   */
  read(key: string, done: (error: unknown, entry: L2Entry | undefined) => void): void {
    this.#watch<L2Entry | undefined>('get', false, () => this.store.get(key), done);
  }

  /**
   * Runs one store call under the timeout and breaker. Rejects with the store's error, a
   * `CacheError('timeout')`, or `CacheError('tier-failure')` while the breaker is open (unless
   * `ignoreBreaker`, which health checks use to see the real state and close the breaker).
   */
  call<T>(
    operation: string,
    run: (store: L2Store) => Promise<T>,
    ignoreBreaker = false,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#watch(
        operation,
        ignoreBreaker,
        () => run(this.store),
        (error, value) => {
          if (error === undefined) resolve(value as T);
          else reject(error);
        },
      );
    });
  }

  /**
   * Starts a store call and reports its outcome once to `done`: the value, the store's error, a
   * timeout, or the open breaker. Feeds the breaker with every outcome.
   */
  #watch<T>(
    operation: string,
    ignoreBreaker: boolean,
    start: () => Promise<T>,
    done: (error: unknown, value: T | undefined) => void,
  ): void {
    if (!ignoreBreaker && !this.breaker.allows()) {
      done(
        new CacheError(
          'tier-failure',
          `${this.name} is skipped after repeated failures (circuit open)`,
        ),
        undefined,
      );
      return;
    }
    let pending: Promise<T>;
    try {
      pending = start();
    } catch (error) {
      pending = Promise.reject(error);
    }
    const deadline = this.#deadlines.add(() => {
      this.breaker.failed();
      done(
        new CacheError(
          'timeout',
          `${this.name}.${operation} did not answer within ${this.#timeoutMs} ms`,
        ),
        undefined,
      );
    });
    pending.then(
      (value) => {
        if (deadline.done) return;
        this.#deadlines.settle(deadline);
        this.breaker.succeeded();
        done(undefined, value);
      },
      (error: unknown) => {
        if (deadline.done) return;
        this.#deadlines.settle(deadline);
        this.breaker.failed();
        done(error ?? new Error(`${this.name}.${operation} failed`), undefined);
      },
    );
  }
}
