import type { Bus, BusListener } from '../bus/bus.js';
import type { InvalidationMessage } from '../bus/invalidation-message.js';
import { CacheError } from '../errors.js';
import { assertValidKey, DEFAULT_MAX_KEY_LENGTH, invalidKeyError } from '../keys.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { jsonSerializer } from '../serialization/json-serializer.js';
import type { Serializer } from '../serialization/serializer.js';
import type { L1Store } from '../stores/l1-store.js';
import type { L2Entry, L2Store } from '../stores/l2-store.js';
import type { StreamEntry, StreamFields, StreamingBackend } from '../stores/streaming-backend.js';
import { CacheStrategy, type CacheStrategyValue, resolveTtl, type TtlOption } from '../strategy.js';
import { parseTtl } from '../ttl.js';
import { abortable } from './abortable.js';
import { CacheEventEmitter, type CacheEventName, type CacheEvents } from './cache-events.js';
import type { CacheOptions, ComputeContext, GetOrComputeOptions } from './cache-options.js';
import { type CacheStats, StatsCounters } from './cache-stats.js';
import { checkHealth, type HealthReport } from './health-check.js';
import { type PendingWork, PendingWorkMap } from './pending-work.js';
import { SharedTier, type TierOptions } from './shared-tier.js';

/**
 * The tier orchestrator: L1 in front of any number of shared tiers, one computation per key,
 * promotion that keeps the remaining TTL, fail-open shared tiers, and cross-instance invalidation
 * when a bus is configured. Create one with {@link createCache} or `CacheSystemBuilder`.
 *
 * @example
 * ```ts
 * const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
 * const user = await cache.getOrCompute('user:1', () => db.findUser(1), CacheStrategy.ShortTerm);
 * ```
 */
export class MultiTierCache {
  readonly #l1: L1Store;
  readonly #tiers: readonly SharedTier[];
  readonly #serializer: Serializer;
  readonly #defaultTtlMs: number;
  readonly #l1MaxTtlMs: number;
  readonly #maxKeyLength: number;
  readonly #strict: boolean;
  readonly #bus: Bus | undefined;
  readonly #streams: StreamingBackend | undefined;
  readonly #clearL1OnReconnect: boolean;
  readonly #counters = new StatsCounters();
  readonly #events = new CacheEventEmitter();
  readonly #reads = new PendingWorkMap<unknown>();
  readonly #computations = new PendingWorkMap<unknown>();
  readonly #unsubscribeBus: (() => void) | undefined;
  #closed = false;

  constructor(options: CacheOptions = {}) {
    const timeoutMs = parseTtl(options.timeout ?? 500);
    this.#l1 = options.l1 ?? memoryL1Store();
    this.#tiers = normalizeTiers(options.l2).map(
      (tier) => new SharedTier(tier, timeoutMs, options.breaker),
    );
    this.#serializer = options.serializer ?? jsonSerializer();
    const defaultTtl = options.defaultTtl ?? CacheStrategy.Default;
    this.#defaultTtlMs = typeof defaultTtl === 'object' ? defaultTtl.ttlMs : parseTtl(defaultTtl);
    this.#l1MaxTtlMs = parseTtl(options.l1MaxTtl ?? '5m');
    this.#maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH;
    this.#strict = options.strict ?? false;
    this.#bus = options.bus;
    this.#streams = options.streams;
    this.#clearL1OnReconnect = (options.onBusReconnect ?? 'clear-l1') === 'clear-l1';
    this.#unsubscribeBus = this.#bus?.subscribe(this.#busListener());
  }

  /**
   * The value from the first tier that has it, or `undefined`. A hit below L1 is promoted to every
   * tier above it with the TTL the tier still had. A failing shared tier counts as a miss.
   *
   * @example
   * ```ts
   * const user = await cache.get<User>('user:1');
   * ```
   */
  get<T = unknown>(key: string): Promise<T | undefined> {
    if (typeof key !== 'string' || key.length === 0 || key.length > this.#maxKeyLength) {
      return this.#rejectInvalidKey(key);
    }
    const hot = this.peekL1<T>(key);
    if (hot !== undefined) return Promise.resolve(hot);
    this.#counters.requests++;
    if (this.#tiers.length === 0) {
      this.#countMiss(key);
      return Promise.resolve(undefined);
    }
    const joined = this.#reads.get(key);
    if (joined !== undefined) return this.#join(key, joined) as Promise<T | undefined>;
    return this.#reads.start(key, (work) => this.#readTier(key, 0, work, this.#reads, true))
      .promise as Promise<T | undefined>;
  }

  /**
   * L1's value for `key`, synchronously, or `undefined`. A value found counts as a request and an
   * L1 hit; nothing is counted when absent, so the caller's fallback (`get`, `getOrCompute`)
   * counts that request. For layers on top of the cache, such as the typed helpers, whose L1-hit
   * path must not add a promise.
   *
   * @example
   * ```ts
   * const hot = cache.peekL1<User>('user:1') ?? (await cache.getOrCompute('user:1', loadUser));
   * ```
   */
  peekL1<T = unknown>(key: string): T | undefined {
    const value = this.#l1.get(key);
    if (value === undefined) return undefined;
    this.#counters.requests++;
    this.#counters.l1Hits++;
    if (this.#events.has('hit')) this.#events.emit('hit', { key, tier: this.#l1.name });
    return value as T;
  }

  /**
   * Replaces L1's value for `key` with `next` when L1 still holds `expected` (the same object),
   * keeping its remaining TTL. No shared tier is written and nothing is published: this is for
   * layers that decode a value once (a schema restoring Dates, say) and want L1 to keep the
   * decoded form. Returns whether it replaced.
   *
   * @example
   * ```ts
   * const parsed = User.parse(raw);
   * cache.replaceInL1('user:1', raw, parsed);
   * ```
   */
  replaceInL1(key: string, expected: unknown, next: unknown): boolean {
    if (next === undefined) return false;
    const entry = this.#l1.getWithTtl(key);
    if (entry === undefined || entry.value !== expected) return false;
    this.#l1.set(key, next, entry.ttlMs);
    return true;
  }

  /**
   * Writes `value` to every tier. L1 is written even when a shared tier fails (counted and
   * emitted; rejected only in strict mode). A value the serializer cannot hold is refused with
   * `CacheError('not-serializable')` before any tier is written.
   *
   * @example
   * ```ts
   * await cache.set('price:btc', 64000, CacheStrategy.RealTime);
   * await cache.set('session:1', session, { ttl: '30m' });
   * ```
   */
  async set(key: string, value: unknown, ttl?: TtlOption): Promise<void> {
    this.#assertOpen();
    assertValidKey(key, this.#maxKeyLength);
    assertCacheable(key, value);
    const ttlMs = resolveTtl(ttl, this.#defaultTtlMs);
    this.#reads.markStale(key);
    this.#computations.markStale(key);
    await this.#write(key, value, ttlMs);
  }

  /**
   * The cached value, or the result of `compute` stored in every tier. Concurrent callers of the
   * same key share one computation and get the same value or the same error; a failed
   * computation caches nothing. A caller's `signal` stops only that caller waiting.
   *
   * @example
   * ```ts
   * const product = await cache.getOrCompute(`product:${id}`, () => db.product(id), {
   *   ttl: '10m',
   *   signal: request.signal,
   * });
   * ```
   */
  getOrCompute<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    options?: GetOrComputeOptions | CacheStrategyValue,
  ): Promise<T> {
    if (typeof key !== 'string' || key.length === 0 || key.length > this.#maxKeyLength) {
      return this.#rejectInvalidKey(key);
    }
    const hot = this.peekL1<T>(key);
    if (hot !== undefined) return Promise.resolve(hot);
    this.#counters.requests++;
    const joined = this.#computations.get(key);
    const promise =
      joined === undefined
        ? this.#computations.start(key, (work) =>
            this.#lookupOrCompute(key, compute, computeTtl(options, this.#defaultTtlMs), work),
          ).promise
        : this.#join(key, joined);
    const signal = options !== undefined && 'signal' in options ? options.signal : undefined;
    return abortable(promise as Promise<T>, signal);
  }

  /**
   * Removes keys from L1 and every shared tier, and tells the other instances to drop them from
   * their L1 when a bus is configured. Resolves when the shared tiers answered.
   *
   * @example
   * ```ts
   * await cache.delete('user:1');
   * await cache.delete(['user:1', 'user:2']);
   * ```
   */
  async delete(keys: string | readonly string[]): Promise<void> {
    this.#assertOpen();
    const list = typeof keys === 'string' ? [keys] : [...keys];
    for (const key of list) assertValidKey(key, this.#maxKeyLength);
    if (list.length === 0) return;
    const message: InvalidationMessage = { type: 'remove', keys: list };
    this.#applyLocally(message, 'local');
    await this.#eachTier('delete', list[0], (tier) => tier.store.delete(list));
    await this.#publish(message);
  }

  /**
   * The Rust crate's name for {@link MultiTierCache.delete}: gone from this instance, the shared
   * tiers and every other instance's L1.
   *
   * @example
   * ```ts
   * await db.updateUser(1, changes);
   * await cache.invalidate('user:1');
   * ```
   */
  invalidate(keys: string | readonly string[]): Promise<void> {
    return this.delete(keys);
  }

  /**
   * Writes a new value everywhere and pushes it into the other instances' L1, so they serve it
   * without a miss. `ttl` defaults to the cache's default TTL.
   *
   * @example
   * ```ts
   * await cache.updateCache('user:1', updatedUser, { ttl: '1h' });
   * ```
   */
  async updateCache(key: string, value: unknown, ttl?: TtlOption): Promise<void> {
    this.#assertOpen();
    assertValidKey(key, this.#maxKeyLength);
    assertCacheable(key, value);
    const ttlMs = resolveTtl(ttl, this.#defaultTtlMs);
    const bytes = this.#serializer.serialize(value);
    this.#reads.markStale(key);
    this.#computations.markStale(key);
    await this.#write(key, value, ttlMs, bytes);
    await this.#publish({ type: 'update', key, value: bytes, ttlMs });
  }

  /**
   * {@link MultiTierCache.updateCache} with a strategy, under the Rust crate's name.
   *
   * @example
   * ```ts
   * await cache.setWithBroadcast('report:monthly', report, CacheStrategy.LongTerm);
   * ```
   */
  setWithBroadcast(key: string, value: unknown, strategy?: TtlOption): Promise<void> {
    return this.updateCache(key, value, strategy);
  }

  /**
   * Removes every key matching a Redis-style glob from L1, from every shared tier that can list
   * keys, and from every other instance's L1. Resolves to the number of keys removed from L1 and
   * the shared tiers together.
   *
   * @example
   * ```ts
   * await cache.invalidatePattern('product:category:42:*');
   * ```
   */
  async invalidatePattern(glob: string): Promise<number> {
    this.#assertOpen();
    if (typeof glob !== 'string' || glob.length === 0) {
      throw new CacheError('invalid-key', 'pattern must be a non-empty glob such as "user:*"');
    }
    const message: InvalidationMessage = { type: 'pattern', pattern: glob };
    let removed = this.#applyLocally(message, 'local');
    for (const count of await this.#eachTier('deleteMatching', glob, (tier) =>
      tier.store.capabilities.deleteMatching && tier.store.deleteMatching
        ? tier.store.deleteMatching(glob)
        : Promise.resolve(0),
    )) {
      removed += count ?? 0;
    }
    await this.#publish(message);
    return removed;
  }

  /**
   * Empties L1, removes the cache's keys (under each store's prefix, nothing else) from every
   * shared tier, and tells the other instances to empty their L1.
   *
   * @example
   * ```ts
   * await cache.clear();
   * ```
   */
  async clear(): Promise<void> {
    this.#assertOpen();
    const message: InvalidationMessage = { type: 'clear' };
    this.#applyLocally(message, 'local');
    await this.#eachTier('clear', undefined, (tier) => tier.store.clear());
    await this.#publish(message);
  }

  /**
   * A snapshot of the counters.
   *
   * @example
   * ```ts
   * console.log(`hit rate ${(cache.stats().hitRate * 100).toFixed(1)}%`);
   * ```
   */
  stats(): CacheStats {
    const c = this.#counters;
    const tiers = this.#tiers.map((tier) => ({
      name: tier.name,
      ...tier.counters,
      circuitOpen: tier.breaker.isOpen,
    }));
    const hits = c.l1Hits + tiers.reduce((sum, tier) => sum + tier.hits, 0);
    return {
      requests: c.requests,
      hits,
      l1Hits: c.l1Hits,
      l2Hits: tiers[0]?.hits ?? 0,
      misses: c.misses,
      hitRate: c.requests === 0 ? 0 : hits / c.requests,
      l1HitRate: c.requests === 0 ? 0 : c.l1Hits / c.requests,
      promotions: c.promotions,
      inFlight: c.inFlight,
      computations: c.computations,
      coalesced: c.coalesced,
      tiers,
      bus: this.#bus?.stats?.(),
    };
  }

  /**
   * Listens to `hit`, `miss`, `promotion`, `error` or `invalidation`; returns a function that stops.
   *
   * @example
   * ```ts
   * const off = cache.on('error', ({ tier, operation, error }) => log.warn({ tier, operation, error }));
   * ```
   */
  on<E extends CacheEventName>(event: E, listener: (payload: CacheEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * Each tier's state. `healthy` is true while L1 works, even with shared tiers down (as in the
   * Rust crate): the cache still answers, from L1 and computations.
   *
   * @example
   * ```ts
   * const report = await cache.healthCheck();
   * if (!report.tiers.every((tier) => tier.healthy)) alert(report);
   * ```
   */
  healthCheck(): Promise<HealthReport> {
    return checkHealth(this.#l1, this.#tiers);
  }

  /**
   * Appends an entry to a Redis stream (XADD with approximate trimming to `maxLen`); resolves to
   * its id. Needs a streams backend (`withStreams`).
   *
   * @example
   * ```ts
   * const id = await cache.publishToStream('events', { type: 'login', user: '42' }, 1000);
   * ```
   */
  publishToStream(stream: string, fields: StreamFields, maxLen?: number): Promise<string> {
    return this.#requireStreams().publish(
      stream,
      fields,
      maxLen === undefined ? undefined : { maxLen },
    );
  }

  /**
   * The newest `count` entries of a stream, newest first.
   *
   * @example
   * ```ts
   * const latest = await cache.readStreamLatest('events', 10);
   * ```
   */
  readStreamLatest(stream: string, count: number): Promise<StreamEntry[]> {
    return this.#requireStreams().readLatest(stream, count);
  }

  /**
   * Entries after `lastId` (`'0'` for all, `'$'` for only new ones), waiting up to `blockMs`.
   *
   * @example
   * ```ts
   * const entries = await cache.readStream('events', '$', 100, 5000);
   * ```
   */
  readStream(stream: string, lastId = '0', count = 100, blockMs?: number): Promise<StreamEntry[]> {
    return this.#requireStreams().read(stream, {
      lastId,
      count,
      ...(blockMs === undefined ? {} : { blockMs }),
    });
  }

  /**
   * Stops listening to the bus and closes the bus, the streams backend and every store.
   * Further writes reject with `CacheError('closed')`.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => cache.close());
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribeBus?.();
    await Promise.allSettled([
      this.#bus?.close(),
      this.#streams?.close?.(),
      ...this.#tiers.map((tier) => tier.store.close()),
    ]);
    this.#l1.clear();
  }

  /** `await using cache = createCache(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * A caller sharing work already under way: counted as coalesced, and once the work settles as
   * a hit in the tier that answered or as a miss, so `hits + misses` always equals `requests`.
   */
  #join(key: string, work: PendingWork<unknown>): Promise<unknown> {
    this.#counters.coalesced++;
    return work.promise.then((value) => {
      const tier = work.hitTier === undefined ? undefined : this.#tiers[work.hitTier];
      if (tier !== undefined) tier.counters.hits++;
      else this.#countMiss(key);
      return value;
    });
  }

  async #lookupOrCompute<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    ttlMs: number,
    work: PendingWork<unknown>,
  ): Promise<T> {
    try {
      if (this.#tiers.length > 0) {
        const found = await this.#readTier(key, 0, work, undefined, false);
        if (found !== undefined) return found as T;
      }
      this.#countMiss(key);
      this.#counters.computations++;
      this.#counters.inFlight++;
      let value: T;
      try {
        value = await compute({ key });
      } finally {
        this.#counters.inFlight--;
      }
      assertCacheable(key, value);
      if (!work.stale) await this.#write(key, value, ttlMs);
      return value;
    } finally {
      this.#computations.finish(key, work);
    }
  }

  /**
   * Reads `tiers[index]`, then the tiers below it, until one has the key: resolves to the value
   * (promoted upward unless `work` went stale) or to `undefined`. Written as a promise chain
   * rather than an async loop because this is the L2-hit hot path.
   */
  #readTier(
    key: string,
    index: number,
    work: PendingWork<unknown>,
    owner: PendingWorkMap<unknown> | undefined,
    countMiss: boolean,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#readInto(key, index, work, owner, countMiss, resolve, reject);
    });
  }

  #readInto(
    key: string,
    index: number,
    work: PendingWork<unknown>,
    owner: PendingWorkMap<unknown> | undefined,
    countMiss: boolean,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ): void {
    const tier = this.#tiers[index]!;
    tier.read(key, (error, entry) => {
      if (error !== undefined) {
        this.#recordFailure(tier, 'get', key, error);
        if (this.#strict) {
          owner?.finish(key, work);
          reject(asTierError(tier, 'get', error));
          return;
        }
      } else if (entry !== undefined) {
        const value = this.#decode(tier, key, entry);
        if (value !== undefined) {
          owner?.finish(key, work);
          work.hitTier = index;
          tier.counters.hits++;
          if (this.#events.has('hit')) this.#events.emit('hit', { key, tier: tier.name });
          if (!work.stale) this.#promote(key, value, entry, index);
          resolve(value);
          return;
        }
      }
      if (index + 1 < this.#tiers.length) {
        this.#readInto(key, index + 1, work, owner, countMiss, resolve, reject);
        return;
      }
      owner?.finish(key, work);
      if (countMiss) this.#countMiss(key);
      resolve(undefined);
    });
  }

  /** The value in `entry`, or `undefined` (counted) when its bytes do not decode. */
  #decode(tier: SharedTier, key: string, entry: L2Entry): unknown {
    try {
      return this.#serializer.deserialize(entry.value);
    } catch (error) {
      tier.counters.decodeErrors++;
      this.#emitError(tier.name, 'decode', key, error);
      return undefined;
    }
  }

  #countMiss(key: string): void {
    this.#counters.misses++;
    if (this.#events.has('miss')) this.#events.emit('miss', { key });
  }

  /** Copies a hit at `tiers[index]` into L1 and every promoting tier above it, keeping its TTL. */
  #promote(key: string, value: unknown, entry: L2Entry, index: number): void {
    const source = this.#tiers[index]!;
    const ttlMs = entry.ttlMs !== undefined && entry.ttlMs > 0 ? entry.ttlMs : this.#defaultTtlMs;
    const l1TtlMs = Math.min(ttlMs, this.#l1MaxTtlMs);
    this.#l1.set(key, value, l1TtlMs);
    this.#counters.promotions++;
    if (this.#events.has('promotion')) {
      this.#events.emit('promotion', { key, from: source.name, to: this.#l1.name, ttlMs: l1TtlMs });
    }
    for (let upper = 0; upper < index; upper++) {
      const tier = this.#tiers[upper]!;
      if (!tier.promote) continue;
      const tierTtlMs = Math.min(ttlMs, tier.maxTtlMs);
      tier
        .call('set', (store) => store.set(key, entry.value, tierTtlMs))
        .then(
          () => {
            this.#counters.promotions++;
            if (this.#events.has('promotion')) {
              this.#events.emit('promotion', {
                key,
                from: source.name,
                to: tier.name,
                ttlMs: tierTtlMs,
              });
            }
          },
          (error: unknown) => this.#recordFailure(tier, 'set', key, error),
        );
    }
  }

  async #write(key: string, value: unknown, ttlMs: number, bytes?: Uint8Array): Promise<void> {
    const encoded =
      this.#tiers.length === 0 ? undefined : (bytes ?? this.#serializer.serialize(value));
    if (encoded !== undefined) this.#assertFits(key, encoded);
    this.#l1.set(key, value, Math.min(ttlMs, this.#l1MaxTtlMs));
    if (encoded === undefined) return;
    await this.#eachTier('set', key, (tier) => tier.store.set(key, encoded, tier.ttlFor(ttlMs)));
  }

  #assertFits(key: string, bytes: Uint8Array): void {
    for (const tier of this.#tiers) {
      const limit = tier.store.maxValueBytes;
      if (limit !== undefined && bytes.byteLength > limit) {
        throw new CacheError(
          'value-too-large',
          `value of ${JSON.stringify(key)} is ${bytes.byteLength} bytes; ${tier.name} holds at most ${limit}: store less or split it`,
        );
      }
    }
  }

  /** Runs one operation on every shared tier in parallel, fail-open unless strict. */
  async #eachTier<T>(
    operation: string,
    key: string | undefined,
    run: (tier: SharedTier) => Promise<T>,
  ): Promise<(T | undefined)[]> {
    if (this.#tiers.length === 0) return [];
    const results = await Promise.allSettled(
      this.#tiers.map((tier) => tier.call(operation, () => run(tier))),
    );
    const values: (T | undefined)[] = [];
    for (let index = 0; index < results.length; index++) {
      const result = results[index]!;
      if (result.status === 'fulfilled') {
        values.push(result.value);
      } else {
        values.push(undefined);
        this.#tierFailed(this.#tiers[index]!, operation, key, result.reason);
      }
    }
    return values;
  }

  /** Counts and emits a tier failure; in strict mode, throws it on to the caller. */
  #tierFailed(tier: SharedTier, operation: string, key: string | undefined, error: unknown): void {
    this.#recordFailure(tier, operation, key, error);
    if (this.#strict) {
      throw error instanceof CacheError
        ? error
        : new CacheError('tier-failure', `${tier.name}.${operation} failed: ${String(error)}`, {
            cause: error,
          });
    }
  }

  #recordFailure(
    tier: SharedTier,
    operation: string,
    key: string | undefined,
    error: unknown,
  ): void {
    tier.counters.errors++;
    if (error instanceof CacheError && error.code === 'timeout') tier.counters.timeouts++;
    this.#emitError(tier.name, operation, key, error);
  }

  #emitError(tier: string, operation: string, key: string | undefined, error: unknown): void {
    if (this.#events.has('error')) this.#events.emit('error', { tier, operation, key, error });
  }

  async #publish(message: InvalidationMessage): Promise<void> {
    if (this.#bus === undefined) return;
    try {
      await this.#bus.publish(message);
    } catch (error) {
      this.#emitError('bus', 'publish', undefined, error);
      if (this.#strict) throw error;
    }
  }

  /** Applies an invalidation to L1 and to work under way; returns how many L1 entries it removed. */
  #applyLocally(message: InvalidationMessage, origin: 'local' | 'remote'): number {
    let removed = 0;
    switch (message.type) {
      case 'remove':
        for (const key of message.keys) {
          if (this.#l1.delete(key)) removed++;
          this.#reads.markStale(key);
          this.#computations.markStale(key);
        }
        break;
      case 'pattern':
        removed = this.#l1.deleteMatching(message.pattern);
        this.#reads.markStaleMatching(message.pattern);
        this.#computations.markStaleMatching(message.pattern);
        break;
      case 'clear':
        removed = this.#l1.size;
        this.#clearLocal();
        break;
      case 'update':
        this.#reads.markStale(message.key);
        this.#computations.markStale(message.key);
        break;
    }
    if (this.#events.has('invalidation')) this.#events.emit('invalidation', { message, origin });
    return removed;
  }

  #clearLocal(): void {
    this.#l1.clear();
    this.#reads.markAllStale();
    this.#computations.markAllStale();
  }

  #busListener(): BusListener {
    return {
      onMessage: (message) => {
        if (message.type !== 'update') {
          this.#applyLocally(message, 'remote');
          return;
        }
        this.#applyLocally(message, 'remote');
        let value: unknown;
        try {
          value = this.#serializer.deserialize(message.value);
        } catch (error) {
          this.#l1.delete(message.key);
          this.#emitError('bus', 'decode', message.key, error);
          return;
        }
        if (value === undefined) this.#l1.delete(message.key);
        else this.#l1.set(message.key, value, Math.min(message.ttlMs, this.#l1MaxTtlMs));
      },
      onReconnect: () => {
        if (this.#clearL1OnReconnect) this.#clearLocal();
      },
    };
  }

  #requireStreams(): StreamingBackend {
    if (this.#streams === undefined) {
      throw new CacheError(
        'configuration',
        'no streams backend: pass one with CacheSystemBuilder.withStreams() or the streams option',
      );
    }
    return this.#streams;
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheError('closed', 'the cache was closed: create a new one');
  }

  #rejectInvalidKey<T>(key: unknown): Promise<T> {
    return Promise.reject(invalidKeyError(key, this.#maxKeyLength));
  }
}

function asTierError(tier: SharedTier, operation: string, error: unknown): CacheError {
  return error instanceof CacheError
    ? error
    : new CacheError('tier-failure', `${tier.name}.${operation} failed: ${String(error)}`, {
        cause: error,
      });
}

function assertCacheable(key: string, value: unknown): void {
  if (value === undefined) {
    throw new CacheError(
      'invalid-value',
      `value of ${JSON.stringify(key)} is undefined, which the cache uses for "absent": store null instead`,
    );
  }
}

function computeTtl(
  options: GetOrComputeOptions | CacheStrategyValue | undefined,
  fallback: number,
): number {
  if (options === undefined) return fallback;
  if ('ttlMs' in options) return options.ttlMs;
  if (options.ttl !== undefined) return parseTtl(options.ttl);
  return options.strategy?.ttlMs ?? fallback;
}

function normalizeTiers(l2: CacheOptions['l2']): TierOptions[] {
  if (l2 === undefined) return [];
  const list = Array.isArray(l2) ? l2 : [l2 as L2Store];
  return list.map((entry: L2Store | TierOptions) => ('store' in entry ? entry : { store: entry }));
}
