import type { BreakerState } from '../diagnostics/event-messages.js';
import { publishBreaker } from '../diagnostics/publish-events.js';
import { CacheError } from '../errors.js';
import type { L2Entry, L2Store, L2WriteEntry } from '../stores/l2-store.js';
import { parseTtl, type Ttl } from '../ttl.js';
import { type CacheLogger, errorField, log } from './cache-logger.js';
import { TierCounters, type TierStats } from './cache-stats.js';
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
 * A shared tier as the orchestrator sees it: the only code that calls the store. Every call is
 * timed out and fed to a circuit breaker, so a dead or hung server costs at most one timeout, and
 * the tier keeps its own counters.
 */
export class SharedTier {
  readonly name: string;
  readonly promote: boolean;
  readonly ttlScale: number;
  readonly maxTtlMs: number;
  readonly #store: L2Store;
  readonly #counters = new TierCounters();
  readonly #breaker: CircuitBreaker;
  readonly #timeoutMs: number;
  readonly #deadlines: TimeoutQueue;
  /** The last error the store reported after its call had timed out, until a call succeeds. */
  #lateError: unknown;
  /** The error of the last failed call, for the log line when the breaker opens. */
  #lastFailure: unknown;
  readonly #logger: CacheLogger | undefined;

  constructor(
    options: TierOptions,
    timeoutMs: number,
    breaker: CircuitBreakerOptions | undefined,
    logger?: CacheLogger,
  ) {
    this.#store = options.store;
    this.name = options.store.name;
    this.promote = options.promote ?? true;
    this.ttlScale = options.ttlScale ?? 1;
    this.maxTtlMs =
      options.maxTtl === undefined ? Number.POSITIVE_INFINITY : parseTtl(options.maxTtl);
    this.#timeoutMs = timeoutMs;
    this.#deadlines = new TimeoutQueue(timeoutMs);
    this.#logger = logger;
    this.#breaker = new CircuitBreaker(breaker, (state, failures) =>
      this.#breakerChanged(state, failures),
    );
    if (!(this.ttlScale > 0)) {
      throw new CacheError('configuration', `ttlScale of tier ${this.name} must be positive`);
    }
  }

  /** TTL this tier gets for a write whose base TTL is `ttlMs`. */
  ttlFor(ttlMs: number): number {
    return Math.min(Math.ceil(ttlMs * this.ttlScale), this.maxTtlMs);
  }

  /** Largest value in bytes the store accepts, when it has a limit. */
  get maxValueBytes(): number | undefined {
    return this.#store.maxValueBytes;
  }

  get circuitOpen(): boolean {
    return this.#breaker.isOpen;
  }

  get hits(): number {
    return this.#counters.hits;
  }

  countHit(): void {
    this.#counters.hits++;
  }

  countDecodeError(): void {
    this.#counters.decodeErrors++;
  }

  /** Counts a failed, timed-out or skipped call of this tier. */
  countFailure(error: unknown): void {
    this.#counters.errors++;
    if (error instanceof CacheError && error.code === 'timeout') this.#counters.timeouts++;
  }

  stats(): TierStats {
    return { name: this.name, ...this.#counters, circuitOpen: this.#breaker.isOpen };
  }

  /**
   * `store.get(key)` under the timeout and breaker, reported to `done(error, entry)` rather than
   * through a promise: this is the L2-hit hot path, and a callback saves the promise and the
   * closures that a promise-returning call adds.
   */
  read(key: string, done: (error: unknown, entry: L2Entry | undefined) => void): void {
    this.#watch<L2Entry | undefined>('get', false, () => this.#store.get(key), done);
  }

  /** Writes `bytes` for `ttlMs` as given (callers scale it with {@link ttlFor}). */
  set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    return this.#call('set', false, () => this.#store.set(key, bytes, ttlMs));
  }

  /** `store.getMany(keys)` under the timeout and breaker: one slot per key, in order. */
  readMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    return this.#call('getMany', false, () => this.#store.getMany(keys));
  }

  /** Writes several entries in one store call (TTLs as given: callers scale them). */
  setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    return this.#call('setMany', false, () => this.#store.setMany(entries));
  }

  /** Whether the store implements the lock capability. */
  get supportsLocks(): boolean {
    const store = this.#store;
    return store.capabilities.locks === true && typeof store.acquireLock === 'function';
  }

  /** A lease on `key` for `ttlMs`, or `undefined` when held elsewhere or the key has a value. */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined> {
    return this.#call('acquireLock', false, () => this.#store.acquireLock!(key, ttlMs));
  }

  releaseLock(key: string, token: string): Promise<boolean> {
    return this.#call('releaseLock', false, () => this.#store.releaseLock!(key, token));
  }

  /** Writes and releases in one step while `token` holds the lease; resolves to whether it wrote. */
  setIfLockHeld(key: string, token: string, bytes: Uint8Array, ttlMs: number): Promise<boolean> {
    return this.#call('setIfLockHeld', false, () =>
      this.#store.setIfLockHeld!(key, token, bytes, ttlMs),
    );
  }

  delete(keys: readonly string[]): Promise<number> {
    return this.#call('delete', false, () => this.#store.delete(keys));
  }

  /** Removes keys matching `glob`; resolves to 0 when the store cannot list keys. */
  deleteMatching(glob: string): Promise<number> {
    const store = this.#store;
    if (!store.capabilities.deleteMatching || store.deleteMatching === undefined) {
      return Promise.resolve(0);
    }
    return this.#call('deleteMatching', false, () => store.deleteMatching!(glob));
  }

  clear(): Promise<void> {
    return this.#call('clear', false, () => this.#store.clear());
  }

  /** Pings past an open breaker, so health checks see the real state (and close the breaker). */
  ping(): Promise<number> {
    return this.#call('ping', true, () => this.#store.ping());
  }

  /** Closes the store, waiting at most one timeout for it. */
  close(): Promise<void> {
    return this.#call('close', true, () => this.#store.close());
  }

  /**
   * Runs one store call under the timeout and breaker. Rejects with the store's error, a
   * `CacheError('timeout')`, or `CacheError('tier-failure')` while the breaker is open.
   */
  #call<T>(operation: string, ignoreBreaker: boolean, start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#watch(operation, ignoreBreaker, start, (error, value) => {
        if (error === undefined) resolve(value as T);
        else reject(error);
      });
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
    if (!ignoreBreaker && !this.#breaker.allows()) {
      // Reported on the next turn of the event loop, not at once: a caller looping on a skipped
      // tier must still let I/O and timers run, or the half-open probe could never come back.
      setImmediate(
        done,
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
      const timeout = this.#timeoutError(operation);
      this.#lastFailure = timeout;
      this.#breaker.failed();
      done(timeout, undefined);
    });
    pending.then(
      (value) => {
        if (deadline.done) return;
        this.#deadlines.settle(deadline);
        this.#breaker.succeeded();
        this.#lateError = undefined;
        done(undefined, value);
      },
      (error: unknown) => {
        if (deadline.done) {
          this.#lateError = error;
          return;
        }
        this.#deadlines.settle(deadline);
        this.#lastFailure = error;
        this.#breaker.failed();
        done(error ?? new Error(`${this.name}.${operation} failed`), undefined);
      },
    );
  }

  /** Publishes the breaker's new state and logs it: one line per change, never per call. */
  #breakerChanged(state: BreakerState, failures: number): void {
    publishBreaker(this.name, state, failures);
    if (state === 'open') {
      log(
        this.#logger,
        'warn',
        { tier: this.name, failures, error: errorField(this.#lastFailure) },
        `${this.name} is failing: skipped until a probe succeeds (circuit open)`,
      );
    } else if (state === 'closed') {
      log(this.#logger, 'info', { tier: this.name }, `${this.name} answers again (circuit closed)`);
    } else {
      log(this.#logger, 'debug', { tier: this.name }, `${this.name} probe under way (half-open)`);
    }
  }

  /**
   * The timeout, saying what the store last reported when it answered too late (a refused
   * connection, say), so a caller learns more than "did not answer".
   */
  #timeoutError(operation: string): CacheError {
    const late = this.#lateError;
    const known =
      late === undefined
        ? ''
        : `; its last late answer was an error: ${late instanceof Error ? late.message : String(late)}`;
    return new CacheError(
      'timeout',
      `${this.name}.${operation} did not answer within ${this.#timeoutMs} ms${known}`,
      late === undefined ? undefined : { cause: late },
    );
  }
}
