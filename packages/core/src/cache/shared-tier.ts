import type { BreakerState } from '../diagnostics/event-messages.js';
import { publishBreaker } from '../diagnostics/publish-events.js';
import { CacheError } from '../errors.js';
import type { L2Entry, L2Store, L2WriteEntry } from '../stores/l2-store.js';
import { parseTtl, type Ttl } from '../ttl.js';
import { type CacheLogger, errorField, log } from './cache-logger.js';
import { TierCounters, type TierStats } from './cache-stats.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { SharedPatternRecord } from './pattern-record-sharing.js';
import { TimeoutQueue } from './timeout-queue.js';
import { WriteRecovery } from './write-recovery.js';
import { RecoveryReplay } from './write-recovery-replay.js';

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
  /**
   * How long an invalidation's tombstone fences computations that started before it, on a store
   * with `capabilities.conditionalWrite`: a computation that runs longer than this may still write
   * its older value back. @default 10_000
   */
  readonly tombstoneTtl?: Ttl;
  /**
   * How far the instances' clocks may differ: a computed value is refused when the tier holds a
   * write or tombstone made later than `clockSkew` before the computation started. A computation
   * starting within `clockSkew` after a write of its key is refused too (and dropped from L1), so a
   * larger allowance costs recomputations right after writes. @default 20
   */
  readonly clockSkew?: Ttl;
  /**
   * Most distinct keys whose failed writes and deletes are kept for replay once the tier answers
   * again; past it the tier's prefix is cleared instead (see the README). @default 10_000
   */
  readonly recoveryMaxKeys?: number;
  /** How often a tier with writes to replay is pinged to see whether it answers again. @default 500 */
  readonly recoveryProbeInterval?: Ttl;
  /**
   * On a tier without `deleteMatching` (memcached): how long pattern invalidations are remembered
   * and checked against the entries read from it. Keep it at least the longest TTL this tier is
   * given: an entry that outlives it could come back. @default '1h'
   */
  readonly patternMemory?: Ttl;
  /**
   * On a tier without `deleteMatching`: how often the pattern invalidations other instances
   * shared through the tier are read again. @default 1000
   */
  readonly patternRefreshInterval?: Ttl;
  /**
   * The bus publishes on this store's connection: one standalone Redis client given to both the
   * store and the bus transport (`ioredisTransport({ client })`). Redis runs one connection's
   * commands in order, so when every shared tier says so, `delete` sends its bus message right
   * behind the tier's delete instead of after its answer, and no instance woken by the message
   * can still read the old value. Leave it off for a Cluster, a Sentinel or separate
   * connections: there the message could overtake the delete. @default false
   *
   * @example
   * ```ts
   * const client = new Redis(process.env.REDIS_URL);
   * createCache({
   *   l2: [{ store: ioredisStore({ client }), sharesBusConnection: true }],
   *   bus: redisBus({ transport: ioredisTransport({ client }) }),
   * });
   * ```
   */
  readonly sharesBusConnection?: boolean;
}

/** The defaults of {@link TierOptions}' fencing and recovery fields. */
const DEFAULT_TOMBSTONE_TTL_MS = 10_000;
const DEFAULT_CLOCK_SKEW_MS = 20;
const DEFAULT_RECOVERY_MAX_KEYS = 10_000;
const DEFAULT_RECOVERY_PROBE_MS = 500;
const DEFAULT_PATTERN_MEMORY_MS = 3_600_000;
const DEFAULT_PATTERN_REFRESH_MS = 1000;

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
  /** {@link TierOptions.sharesBusConnection}. */
  readonly sharesBusConnection: boolean;
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
  readonly #tombstoneTtlMs: number;
  readonly #clockSkewMs: number;
  readonly #recovery: WriteRecovery;
  readonly #replay: RecoveryReplay;
  /** Pattern invalidations to check reads against, on a tier that cannot list keys. */
  readonly #patterns: SharedPatternRecord | undefined;

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
    this.sharesBusConnection = options.sharesBusConnection === true;
    this.maxTtlMs =
      options.maxTtl === undefined ? Number.POSITIVE_INFINITY : parseTtl(options.maxTtl);
    this.#timeoutMs = timeoutMs;
    this.#deadlines = new TimeoutQueue(timeoutMs);
    this.#logger = logger;
    this.#tombstoneTtlMs = parseTtl(options.tombstoneTtl ?? DEFAULT_TOMBSTONE_TTL_MS);
    this.#clockSkewMs = parseTtl(options.clockSkew ?? DEFAULT_CLOCK_SKEW_MS);
    this.#recovery = new WriteRecovery(options.recoveryMaxKeys ?? DEFAULT_RECOVERY_MAX_KEYS);
    this.#replay = new RecoveryReplay(
      this.#recovery,
      parseTtl(options.recoveryProbeInterval ?? DEFAULT_RECOVERY_PROBE_MS),
      {
        ping: () => this.#call('ping', true, () => this.#store.ping()),
        clear: () => this.#call('clear', false, () => this.#store.clear()),
        setIfNotNewer: this.supportsConditionalWrite
          ? (key, bytes, ttlMs, at) =>
              this.#call('setIfNotNewer', false, () =>
                this.#store.setIfNotNewer!(key, bytes, ttlMs, at),
              )
          : undefined,
        delete: (key) => this.#call('delete', false, () => this.#deleteNow([key])),
      },
    );
    const store = options.store;
    this.#patterns =
      store.capabilities.deleteMatching && store.deleteMatching !== undefined
        ? undefined
        : new SharedPatternRecord(
            parseTtl(options.patternMemory ?? DEFAULT_PATTERN_MEMORY_MS),
            this.#clockSkewMs,
            parseTtl(options.patternRefreshInterval ?? DEFAULT_PATTERN_REFRESH_MS),
            {
              get: (key) => this.#call('get', false, () => store.get(key)),
              set: (key, bytes, ttlMs) =>
                this.#call('set', false, () => store.set(key, bytes, ttlMs)),
              clear: () => this.#call('clear', false, () => store.clear()),
            },
          );
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
    if (this.#recovery.pending && this.#recovery.blocks(key)) {
      setImmediate(done, undefined, undefined);
      return;
    }
    const patterns = this.#patterns;
    if (patterns === undefined) {
      this.#watch<L2Entry | undefined>('get', false, () => this.#store.get(key), done);
      return;
    }
    patterns.whenFresh(() =>
      this.#watch<L2Entry | undefined>(
        'get',
        false,
        () => this.#store.get(key),
        (error, entry) =>
          done(
            error,
            entry !== undefined && patterns.hides(key, entry.writtenAt) ? undefined : entry,
          ),
      ),
    );
  }

  /**
   * Writes `bytes` for `ttlMs` as given (callers scale it with {@link ttlFor}). A failed write is
   * kept for replay once the tier answers again.
   */
  set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    const at = Date.now();
    return this.#call('set', false, () => this.#store.set(key, bytes, ttlMs)).then(
      () => this.#recovery.settled(key),
      (error: unknown) => {
        this.#recordFailedSet(key, bytes, ttlMs, at);
        throw error;
      },
    );
  }

  /** Whether the store fences writes ({@link L2ConditionalWrite}). */
  get supportsConditionalWrite(): boolean {
    const store = this.#store;
    return (
      store.capabilities.conditionalWrite === true && typeof store.setIfNotNewer === 'function'
    );
  }

  /**
   * Writes a computed value unless the tier holds a write or invalidation made after the
   * computation started at `startedAt` (less the `clockSkew` allowance), from any instance;
   * resolves to whether it wrote. A store without the capability writes as `set` does. On a tier
   * without `deleteMatching`, the shared pattern record is read again after the write, and the
   * value of a computation that started before a matching pattern invalidation is deleted again. A failed computed write is not
   * replayed: the value is only a fill, and the next miss computes again.
   */
  setIfNotNewer(
    key: string,
    bytes: Uint8Array,
    ttlMs: number,
    startedAt: number,
  ): Promise<boolean> {
    const since = startedAt - this.#clockSkewMs;
    const patterns = this.#patterns;
    const written = this.#setIfNotNewer(key, bytes, ttlMs, since);
    if (patterns === undefined) return written;
    // Checked after the write, so the write leaves as early as on any tier: a matching pattern
    // invalidation made since the computation started (on any instance) takes the value back out.
    return written.then((landed) =>
      landed
        ? patterns
            .fences(key, since)
            .then((fenced) =>
              fenced
                ? this.#call('delete', false, () => this.#deleteNow([key])).then(() => false)
                : true,
            )
        : false,
    );
  }

  #setIfNotNewer(key: string, bytes: Uint8Array, ttlMs: number, since: number): Promise<boolean> {
    if (!this.supportsConditionalWrite) {
      return this.#call('set', false, () => this.#store.set(key, bytes, ttlMs)).then(() => true);
    }
    return this.#call('setIfNotNewer', false, () =>
      this.#store.setIfNotNewer!(key, bytes, ttlMs, since),
    );
  }

  /** `store.getMany(keys)` under the timeout and breaker: one slot per key, in order. */
  readMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    const patterns = this.#patterns;
    const read =
      patterns === undefined
        ? this.#call('getMany', false, () => this.#store.getMany(keys))
        : new Promise<void>((resolve) => patterns.whenFresh(resolve))
            .then(() => this.#call('getMany', false, () => this.#store.getMany(keys)))
            .then((entries) =>
              entries.map((entry, index) =>
                entry !== undefined && patterns.hides(keys[index]!, entry.writtenAt)
                  ? undefined
                  : entry,
              ),
            );
    if (!this.#recovery.pending) return read;
    return read.then((entries) =>
      entries.map((entry, index) => (this.#recovery.blocks(keys[index]!) ? undefined : entry)),
    );
  }

  /** Writes several entries in one store call (TTLs as given: callers scale them). */
  setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    const at = Date.now();
    return this.#call('setMany', false, () => this.#store.setMany(entries)).then(
      () => {
        for (const entry of entries) this.#recovery.settled(entry.key);
      },
      (error: unknown) => {
        for (const entry of entries) {
          this.#recordFailedSet(entry.key, entry.value, entry.ttlMs, at);
        }
        throw error;
      },
    );
  }

  /** Whether the store implements the lock capability. */
  get supportsLocks(): boolean {
    const store = this.#store;
    return store.capabilities.locks === true && typeof store.acquireLock === 'function';
  }

  /** Whether the store takes a lease while the key holds a value (`capabilities.replacingLocks`). */
  get supportsReplacingLocks(): boolean {
    return this.supportsLocks && this.#store.capabilities.replacingLocks === true;
  }

  /**
   * A lease on `key` for `ttlMs`, or `undefined` when held elsewhere or the key has a value
   * (`replacing`: whatever the key holds; only where {@link supportsReplacingLocks}).
   */
  acquireLock(key: string, ttlMs: number, replacing = false): Promise<string | undefined> {
    return this.#call('acquireLock', false, () =>
      replacing
        ? this.#store.acquireLock!(key, ttlMs, { replacing: true })
        : this.#store.acquireLock!(key, ttlMs),
    );
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

  /**
   * Removes keys, leaving tombstones on a store with the `conditionalWrite` capability (so no
   * computation that started earlier writes them back); resolves to how many held a value. Failed
   * deletes are kept for replay once the tier answers again.
   */
  delete(keys: readonly string[]): Promise<number> {
    return this.#call('delete', false, () => this.#deleteNow(keys)).then(
      (count) => {
        for (const key of keys) this.#recovery.settled(key);
        return count;
      },
      (error: unknown) => {
        this.#recovery.delete(keys);
        this.#replay.start();
        throw error;
      },
    );
  }

  /**
   * Removes keys matching `glob`. A store that cannot list keys removes nothing (resolves to 0):
   * the pattern is recorded instead, shared through the tier, and every entry read from the tier
   * afterwards is checked against it.
   */
  deleteMatching(glob: string): Promise<number> {
    const store = this.#store;
    if (this.#patterns !== undefined || store.deleteMatching === undefined) {
      return (this.#patterns?.add(glob) ?? Promise.resolve()).then(
        () => 0,
        (error: unknown) => this.#clearLater(error),
      );
    }
    return this.#call('deleteMatching', false, () => store.deleteMatching!(glob)).then(
      undefined,
      (error: unknown) => this.#clearLater(error),
    );
  }

  /**
   * A pattern invalidation another instance made (heard at `at`): a tier that cannot delete by
   * pattern hides its matching older entries from now on. Nothing for a tier that can.
   */
  notePattern(glob: string, at: number): void {
    this.#patterns?.note(glob, at);
  }

  clear(): Promise<void> {
    return this.#call('clear', false, () => this.#store.clear()).then(undefined, (error: unknown) =>
      this.#clearLater(error),
    );
  }

  /** Whether failed writes wait for replay (then reads of their keys miss this tier). */
  get recovering(): boolean {
    return this.#recovery.pending;
  }

  #deleteNow(keys: readonly string[]): Promise<number> {
    const store = this.#store;
    return this.supportsConditionalWrite
      ? store.deleteWithTombstone!(keys, this.#tombstoneTtlMs)
      : store.delete(keys);
  }

  #recordFailedSet(key: string, bytes: Uint8Array, ttlMs: number, at: number): void {
    this.#recovery.set(key, bytes, ttlMs, at);
    this.#replay.start();
  }

  /** A failed pattern deletion or clear names no keys: the whole prefix is cleared on recovery. */
  #clearLater(error: unknown): never {
    this.#recovery.clearDue();
    this.#replay.start();
    throw error;
  }

  /** Pings past an open breaker, so health checks see the real state (and close the breaker). */
  ping(): Promise<number> {
    return this.#call('ping', true, () => this.#store.ping());
  }

  /** Closes the store, waiting at most one timeout for it. */
  close(): Promise<void> {
    this.#replay.stop();
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
        if (this.#recovery.pending && !this.#replay.running) this.#replay.kick();
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
