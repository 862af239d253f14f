import type { InvalidationMessage } from '../bus/invalidation-message.js';
import { diagnosticsChannels } from '../diagnostics/channels.js';
import {
  type DeleteContext,
  type GetContext,
  type GetManyContext,
  type GetOrComputeContext,
  operationContext,
  type SetContext,
} from '../diagnostics/operation-contexts.js';
import { traceCall, traceOperation } from '../diagnostics/trace-operation.js';
import { CacheError } from '../errors.js';
import { assertValidKey, invalidKeyError } from '../keys.js';
import type { CacheStrategyValue, TtlOption } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import { abortable } from './abortable.js';
import { batchEntries, batchKeys } from './batch-arguments.js';
import { type ComputeMany, getOrComputeManyValues } from './batch-compute.js';
import { getManyValues } from './batch-get.js';
import { setManyEntryMeta, type TaggedSetManyEntry } from './batch-tags.js';
import { encodeEntry, writeManyEverywhere } from './batch-write.js';
import type { CacheEventName, CacheEvents } from './cache-events.js';
import type {
  CacheOptions,
  ComputeContext,
  GetOrComputeOptions,
  SetOptions,
  UpdateCacheOptions,
} from './cache-options.js';
import { CacheState } from './cache-state.js';
import type { CacheStats } from './cache-stats.js';
import {
  broadcastArgument,
  type ComputeRequest,
  computeRequest,
  keyList,
  ttlArgument,
} from './call-arguments.js';
import {
  applyLocally,
  busListener,
  publish,
  publishesBehindDeletes,
  settleOwnPattern,
} from './coherence.js';
import { lookupOrCompute } from './compute-path.js';
import { expireInL1, expireInTier } from './expire.js';
import { eachTier } from './fail-open.js';
import { gracedInL1 } from './fail-safe.js';
import { type GraceSettings, graceArgument, graceSettings } from './grace-settings.js';
import { hasKey } from './has-key.js';
import { checkHealth, type HealthReport } from './health-check.js';
import { L1Entry } from './l1-entry.js';
import { graceMeta } from './l1-write.js';
import { type LockSettings, lockSettings } from './lock-settings.js';
import { CacheNamespace, type NamespaceHost } from './namespace.js';
import { clearNamespace } from './namespace-clear.js';
import { namespacePrefix } from './namespace-name.js';
import { joinWork, readTiers } from './read-path.js';
import { refreshIfDue } from './refresh-ahead.js';
import { l1Unconfirmed } from './staleness.js';
import { expireTags, invalidateTags } from './tag-invalidation.js';
import { liveL1Entry, liveL1Value } from './tag-l1.js';
import { taggedMeta, tagsOption } from './tag-meta.js';
import { tagList } from './tag-names.js';
import { answeredByL1, traceOutcome } from './traced-outcome.js';
import { withTimeout } from './with-timeout.js';
import { assertCacheable, writeEverywhere } from './write-path.js';

/**
 * The tier orchestrator: L1 in front of any number of shared tiers, one computation per key,
 * promotion that keeps the remaining TTL, fail-open shared tiers, and cross-instance invalidation
 * when a bus is configured. Create one with {@link createCache} or `CacheSystemBuilder`.
 *
 * Every method that returns a promise rejects (never throws) on bad arguments, with a
 * `CacheError` whose `code` says which (`invalid-key`, `invalid-ttl`, `invalid-value`, ...), and
 * leaves no trace of the call; after {@link MultiTierCache.close} they reject with
 * `CacheError('closed')`.
 *
 * @example
 * ```ts
 * const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
 * const user = await cache.getOrCompute('user:1', () => db.findUser(1), CacheStrategy.ShortTerm);
 * ```
 */
export class MultiTierCache {
  readonly #state: CacheState;
  readonly #unsubscribeBus: (() => void) | undefined;
  readonly #lock: LockSettings | undefined;

  constructor(options: CacheOptions = {}) {
    this.#state = new CacheState(options);
    this.#lock = lockSettings(options.lock, undefined);
    this.#unsubscribeBus = this.#state.bus?.subscribe(busListener(this.#state));
  }

  /**
   * The value from the first tier that has it, or `undefined`. A hit below L1 is promoted to every
   * tier above it with the TTL the tier still had. A failing shared tier counts as a miss. Bounded
   * by one `timeout` per shared tier that does not answer.
   *
   * @example
   * ```ts
   * const user = await cache.get<User>('user:1');
   * ```
   */
  get<T = unknown>(key: string): Promise<T | undefined> {
    const channel = diagnosticsChannels.get;
    if (channel.hasSubscribers) {
      return traceOperation(channel, operationContext.get, this.#get, this, key) as Promise<
        T | undefined
      >;
    }
    return this.#get(key, undefined) as Promise<T | undefined>;
  }

  /** `get`, filling `context` (present only when someone traces reads). */
  #get(key: string, context: GetContext | undefined): Promise<unknown> {
    const state = this.#state;
    if (typeof key !== 'string' || key.length === 0 || key.length > state.maxKeyLength) {
      return this.#rejectInvalidKey(key);
    }
    let hot: unknown;
    try {
      hot = this.peekL1(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (hot !== undefined) {
      if (context !== undefined) answeredByL1(state, context);
      return Promise.resolve(hot);
    }
    if (state.closed) return Promise.reject(state.closedError());
    state.counters.requests++;
    if (state.tiers.length === 0) {
      state.countMiss(key);
      if (context !== undefined) context.outcome = 'miss';
      return Promise.resolve(undefined);
    }
    const joined = state.reads.get(key);
    if (joined !== undefined) {
      const shared = joinWork(state, key, joined);
      return context === undefined ? shared : traceOutcome(state, shared, joined, context);
    }
    const work = state.reads.start(key, (work) => readTiers(state, key, work, state.reads, true));
    return context === undefined ? work.promise : traceOutcome(state, work.promise, work, context);
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
    const state = this.#state;
    let value = state.l1.get(key);
    if (value === undefined) return undefined;
    if (value instanceof L1Entry) {
      const now = Date.now();
      if (l1Unconfirmed(state.bus, now) || value.freshUntil <= now) return undefined;
      value = liveL1Value(state, key, value);
      if (value === undefined) return undefined;
    } else if (l1Unconfirmed(state.bus)) {
      return undefined;
    }
    state.counters.requests++;
    state.counters.l1Hits++;
    if (state.events.has('hit')) state.events.emit('hit', { key, tier: state.l1.name });
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
    const l1 = this.#state.l1;
    if (next === undefined || this.#state.closed) return false;
    const entry = l1.getWithTtl(key);
    if (entry === undefined) return false;
    const held = entry.value;
    if (held instanceof L1Entry) {
      if (held.value !== expected) return false;
      l1.set(key, new L1Entry(next, held.freshUntil, held.meta), entry.ttlMs);
      return true;
    }
    if (held !== expected) return false;
    l1.set(key, next, entry.ttlMs);
    return true;
  }

  /**
   * Writes `value` to every tier. L1 is written even when a shared tier fails (counted and
   * emitted; rejected only in strict mode). A value the serializer cannot hold is refused with
   * `CacheError('not-serializable')` before any tier is written. `ttl` is a strategy, `{ ttl }`,
   * or a plain TTL (a number is milliseconds). With a bus, the other instances are told to drop
   * their L1 copy (one message; `{ broadcast: false }` or the `broadcastSets` option turn it
   * off). Bounded by one `timeout` for the shared tiers, then one bus publish.
   *
   * @example
   * ```ts
   * await cache.set('price:btc', 64000, CacheStrategy.RealTime);
   * await cache.set('session:1', session, { ttl: '30m' });
   * await cache.set('page:/', html, 60_000);
   * ```
   */
  set(key: string, value: unknown, ttl?: TtlOption | SetOptions | Ttl): Promise<void> {
    const channel = diagnosticsChannels.set;
    if (!channel.hasSubscribers) return this.#set(key, value, ttl, undefined);
    const context = operationContext.set(key);
    return traceCall(channel, context, this.#set, this, key, value, ttl, context);
  }

  async #set(
    key: string,
    value: unknown,
    ttl: TtlOption | SetOptions | Ttl | undefined,
    context: SetContext | undefined,
  ): Promise<void> {
    const state = this.#state;
    this.#assertOpen();
    assertValidKey(key, state.maxKeyLength);
    assertCacheable(key, value);
    const ttlMs = ttlArgument(ttl, state.defaultTtlMs);
    const meta = taggedMeta(tagsOption(ttl), ttlMs);
    if (context !== undefined) context.ttlMs = ttlMs;
    const broadcast = state.bus !== undefined && broadcastArgument(ttl, state.broadcastSets);
    const graceMs = graceArgument(
      typeof ttl === 'object' && ttl !== null && 'grace' in ttl ? ttl.grace : undefined,
      state.grace.graceMs,
    );
    state.markStale(key);
    await writeEverywhere(state, key, value, ttlMs, undefined, graceMeta(ttlMs, graceMs, meta));
    if (broadcast) await publish(state, { type: 'remove', keys: [key] });
  }

  /**
   * The cached value, or the result of `compute` stored in every tier. Concurrent callers of the
   * same key share one computation and get the same value or the same error; a failed
   * computation caches nothing. A caller's `signal` stops only that caller waiting.
   *
   * Deadline: the shared-tier reads take at most one `timeout` (per tier that does not answer);
   * the computed value is written to L1 before the call resolves and to the shared tiers behind
   * it (write-behind: their failures are counted and emitted, never waited for, even in strict
   * mode). The computation itself is yours to bound (`signal`).
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
    options?: GetOrComputeOptions | CacheStrategyValue | Ttl,
  ): Promise<T> {
    const channel = diagnosticsChannels.getOrCompute;
    if (channel.hasSubscribers) {
      const context = operationContext.getOrCompute(key);
      return traceCall(
        channel,
        context,
        this.#getOrCompute<T>,
        this,
        key,
        compute,
        options,
        context,
      );
    }
    return this.#getOrCompute(key, compute, options, undefined);
  }

  /** `getOrCompute`, filling `context` (present only when someone traces it). */
  #getOrCompute<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
    context: GetOrComputeContext | undefined,
  ): Promise<T> {
    const state = this.#state;
    if (typeof key !== 'string' || key.length === 0 || key.length > state.maxKeyLength) {
      return this.#rejectInvalidKey(key);
    }
    if (
      typeof options === 'object' &&
      options !== null &&
      (options as GetOrComputeOptions).forceFresh === true
    ) {
      return this.#computeMiss(key, compute, options, context, undefined);
    }
    let held: unknown;
    try {
      held = state.l1.get(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (held === undefined) return this.#computeMiss(key, compute, options, context, undefined);
    let value: unknown = held;
    if (held instanceof L1Entry) {
      const now = Date.now();
      if (l1Unconfirmed(state.bus, now)) {
        return this.#computeMiss(key, compute, options, context, undefined);
      }
      const entry = held.meta.tags.length > 0 ? liveL1Entry(state, key, held) : held;
      if (entry === undefined) return this.#computeMiss(key, compute, options, context, undefined);
      held = entry;
      if (entry.freshUntil <= now) {
        if (entry.retryAt > now) return this.#serveStaleFromL1(key, entry, 'backoff', context);
        if (state.computations.get(key)?.servedStale === true) {
          return this.#serveStaleFromL1(key, entry, 'timeout', context);
        }
        return this.#computeMiss(key, compute, options, context, entry);
      }
      value = entry.value;
    } else if (l1Unconfirmed(state.bus)) {
      return this.#computeMiss(key, compute, options, context, undefined);
    }
    state.counters.requests++;
    state.counters.l1Hits++;
    if (state.events.has('hit')) state.events.emit('hit', { key, tier: state.l1.name });
    if (context !== undefined) answeredByL1(state, context);
    if (
      state.grace.refreshAhead > 0 ||
      (typeof options === 'object' &&
        options !== null &&
        (options as GetOrComputeOptions).refreshAhead !== undefined)
    ) {
      try {
        this.#refreshAhead(key, held, compute, options);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return Promise.resolve(value as T);
  }

  /**
   * A stale L1 entry answered without computing: its key backs off after a failure, or its
   * computation already answered with this value and runs on in the background. Counted as a
   * request, a miss and a stale answer; as plain as the L1-hit path.
   */
  #serveStaleFromL1<T>(
    key: string,
    held: L1Entry,
    reason: 'backoff' | 'timeout',
    context: GetOrComputeContext | undefined,
  ): Promise<T> {
    const state = this.#state;
    if (state.closed) return Promise.reject(state.closedError());
    state.counters.requests++;
    state.countMiss(key);
    state.counters.staleServed++;
    if (state.events.has('stale')) {
      state.events.emit('stale', { key, reason, error: undefined });
    }
    if (context !== undefined) {
      context.tier = state.l1.name;
      context.outcome = 'stale';
    }
    return Promise.resolve(held.value as T);
  }

  /** Starts a background refresh of a hit past the refresh-ahead point, when one is set. */
  #refreshAhead<T>(
    key: string,
    held: unknown,
    compute: (context: ComputeContext) => T | Promise<T>,
    options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
  ): void {
    const state = this.#state;
    const settings = graceSettings(options, state.grace);
    if (settings.refreshAhead === 0) return;
    const request = computeRequest(compute, options, state.defaultTtlMs);
    refreshIfDue(state, key, held, compute, request.ttlMs, settings);
  }

  /**
   * The values of `keys`, in key order, `undefined` for a miss. L1 first, then one `getMany` per
   * shared tier for the keys still missing (the stores batch per server or slot); a hit is
   * promoted as by `get`. Keys already being read or computed by other calls are joined, not read
   * again. Counted per key like `get`. Bounded by one `timeout` per shared tier that does not
   * answer.
   *
   * @example
   * ```ts
   * const [ada, bob] = await cache.getMany<User>(['user:1', 'user:2']);
   * ```
   */
  getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const channel = diagnosticsChannels.getMany;
    if (!channel.hasSubscribers)
      return this.#getMany(keys, undefined) as Promise<(T | undefined)[]>;
    return traceOperation(channel, operationContext.getMany, this.#getMany, this, keys) as Promise<
      (T | undefined)[]
    >;
  }

  /** `getMany`, counting its hits into `context` (present only when someone traces it). */
  #getMany(keys: readonly string[], context: GetManyContext | undefined): Promise<unknown[]> {
    const state = this.#state;
    try {
      const list = batchKeys(keys, state.maxKeyLength);
      if (state.closed) return Promise.reject(state.closedError());
      const values = getManyValues(state, list, (key) => this.peekL1(key));
      if (context === undefined) return values;
      return values.then((found) => {
        context.hits = found.reduce<number>(
          (hits, value) => hits + (value === undefined ? 0 : 1),
          0,
        );
        return found;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Writes several values, each with its own TTL and tags: L1, then one `setMany` per shared tier. Every
   * entry is checked and encoded before any tier is written (one bad entry writes nothing).
   * Work under way for these keys writes nothing afterwards, as with `set`; with a bus, the other
   * instances are told to drop their L1 copies in one message (`{ broadcast: false }` or the
   * `broadcastSets` option turn it off). Bounded by one `timeout`, then one bus publish.
   *
   * @example
   * ```ts
   * await cache.setMany([
   *   { key: 'user:1', value: ada, ttl: '10m' },
   *   { key: 'user:2', value: bob, tags: ['team:7'] },
   * ]);
   * ```
   */
  setMany(
    entries: readonly TaggedSetManyEntry[],
    options?: Pick<SetOptions, 'broadcast'>,
  ): Promise<void> {
    const channel = diagnosticsChannels.setMany;
    if (!channel.hasSubscribers) return this.#setMany(entries, options);
    const context = operationContext.setMany(entries);
    return traceCall(channel, context, this.#setMany, this, entries, options);
  }

  async #setMany(
    entries: readonly TaggedSetManyEntry[],
    options: Pick<SetOptions, 'broadcast'> | undefined,
  ): Promise<void> {
    const state = this.#state;
    this.#assertOpen();
    const checked = batchEntries(entries, state.maxKeyLength, state.defaultTtlMs);
    const encoded = checked.map((entry, index) =>
      encodeEntry(
        state,
        entry.key,
        entry.value,
        entry.ttlMs,
        setManyEntryMeta(entries[index], entry.ttlMs),
      ),
    );
    if (encoded.length === 0) return;
    const broadcast = state.bus !== undefined && broadcastArgument(options, state.broadcastSets);
    for (const entry of encoded) state.markStale(entry.key);
    await writeManyEverywhere(state, encoded);
    if (broadcast) {
      await publish(state, { type: 'remove', keys: encoded.map((entry) => entry.key) });
    }
  }

  /**
   * Whether L1 or any shared tier holds `key`. Not counted as a request and nothing is promoted;
   * a failing tier counts as not holding it (strict mode rejects). Bounded by one `timeout` per
   * shared tier that does not answer.
   *
   * @example
   * ```ts
   * if (!(await cache.has('report:2024'))) queue.push('report:2024');
   * ```
   */
  has(key: string): Promise<boolean> {
    const state = this.#state;
    if (typeof key !== 'string' || key.length === 0 || key.length > state.maxKeyLength) {
      return this.#rejectInvalidKey(key);
    }
    if (state.closed) return Promise.reject(state.closedError());
    return hasKey(state, key);
  }

  /**
   * The values of `keys` in key order, computing the missing ones with ONE call of
   * `computeMissing`, given exactly the keys that no tier has and that no other call is already
   * computing (keys under way elsewhere, in `getOrCompute` or another batch, are joined). It
   * returns a `Map` or a record; a key it leaves out is a miss: `undefined` in the result,
   * nothing cached. Each key is registered as a computation while the call runs, so a
   * concurrent `getOrCompute` of one of them joins it (and receives `undefined` if the factory
   * left it out). A factory error rejects this call and every caller waiting on its keys;
   * nothing is cached then. Values go to L1 before the call resolves and to the shared tiers
   * behind it (one `setMany` per tier). Options as in `getOrCompute`.
   *
   * @example
   * ```ts
   * const users = await cache.getOrComputeMany(
   *   ids.map((id) => `user:${id}`),
   *   async (missing) => new Map((await db.users(missing)).map((u) => [`user:${u.id}`, u])),
   *   { ttl: '10m' },
   * );
   * ```
   */
  getOrComputeMany<T>(
    keys: readonly string[],
    computeMissing: ComputeMany<T>,
    options?: GetOrComputeOptions | CacheStrategyValue | Ttl,
  ): Promise<(T | undefined)[]> {
    const channel = diagnosticsChannels.getOrComputeMany;
    if (!channel.hasSubscribers) return this.#getOrComputeMany(keys, computeMissing, options);
    const context = operationContext.getOrComputeMany(keys);
    return traceCall(
      channel,
      context,
      this.#getOrComputeMany<T>,
      this,
      keys,
      computeMissing,
      options,
    );
  }

  #getOrComputeMany<T>(
    keys: readonly string[],
    computeMissing: ComputeMany<T>,
    options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
  ): Promise<(T | undefined)[]> {
    const state = this.#state;
    try {
      const list = batchKeys(keys, state.maxKeyLength);
      if (typeof computeMissing !== 'function') {
        throw new CacheError(
          'invalid-value',
          `getOrComputeMany needs a function that computes the missing keys, got ${typeof computeMissing}`,
        );
      }
      const request = computeRequest(computeMissing, options, state.defaultTtlMs);
      if (state.closed) return Promise.reject(state.closedError());
      const lock = this.#lockFor(options);
      const values = getOrComputeManyValues(
        state,
        list,
        computeMissing,
        { ...request, ...(lock === undefined ? {} : { lock }), tags: tagsOption(options) },
        (key) => this.peekL1(key),
      );
      return abortable(values, request.signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The lock settings of one call: its own `lock` option over the cache's, else the cache's. */
  #lockFor(
    options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
  ): LockSettings | undefined {
    return typeof options === 'object' && options !== null && 'lock' in options
      ? lockSettings(options.lock, this.#lock ?? lockSettings(true, undefined))
      : this.#lock;
  }

  /**
   * Removes keys from L1 and every shared tier, and tells the other instances to drop them from
   * their L1 when a bus is configured. Resolves when the shared tiers answered: bounded by one
   * `timeout` for the shared tiers, then one bus publish. One key resolves to whether any tier
   * (L1 included) held it; an array to how many keys were removed (the most any shared tier
   * removed, or L1's count without shared tiers). A failed tier counts as having removed none.
   *
   * @example
   * ```ts
   * const existed = await cache.delete('user:1'); // true or false
   * const removed = await cache.delete(['user:1', 'user:2']); // 0, 1 or 2
   * ```
   */
  delete(key: string): Promise<boolean>;
  delete(keys: readonly string[]): Promise<number>;
  delete(keys: string | readonly string[]): Promise<boolean | number>;
  delete(keys: string | readonly string[]): Promise<boolean | number> {
    const channel = diagnosticsChannels.delete;
    if (!channel.hasSubscribers) return this.#delete(keys);
    const context: DeleteContext = operationContext.delete(
      typeof keys === 'string' ? [keys] : keys,
    );
    return traceCall(channel, context, this.#delete, this, keys);
  }

  async #delete(keys: string | readonly string[]): Promise<boolean | number> {
    const state = this.#state;
    this.#assertOpen();
    const list = keyList(keys, state.maxKeyLength);
    if (list.length === 0) return 0;
    const message: InvalidationMessage = { type: 'remove', keys: list };
    const inL1 = applyLocally(state, message, 'local');
    const deleting = eachTier(state, 'delete', list[0], (tier) => tier.delete(list));
    let counts: (number | undefined)[];
    if (publishesBehindDeletes(state)) {
      // The message travels on the tier's connection right behind the delete, so Redis runs the
      // delete before any receiver can read the key again: no need to wait for its answer.
      [counts] = await Promise.all([deleting, publish(state, message)]);
    } else {
      counts = await deleting;
      await publish(state, message);
    }
    const removed = removedCount(inL1, counts);
    return typeof keys === 'string' ? removed > 0 || inL1 > 0 : removed;
  }

  /**
   * The Rust crate's name for {@link MultiTierCache.delete}: gone from this instance, the shared
   * tiers and every other instance's L1. Bounded like `delete`: one `timeout` for the shared
   * tiers, then one bus publish (a bus may queue while disconnected instead of waiting).
   *
   * @example
   * ```ts
   * await db.updateUser(1, changes);
   * await cache.invalidate('user:1');
   * ```
   */
  async invalidate(keys: string | readonly string[]): Promise<void> {
    await this.delete(keys);
  }

  /**
   * Makes keys stale everywhere (L1, every shared tier, every other instance's L1 over the bus)
   * while keeping them for their grace period: the next `getOrCompute` recomputes, and serves the
   * stale value if that computation fails or passes its soft timeout. Keys without grace are
   * removed, as by `delete`. Bounded by one `timeout` per shared tier (a read, then a write),
   * then one bus publish.
   *
   * @example
   * ```ts
   * await db.updateProduct(7, changes);
   * await cache.expire('product:7'); // recomputed on next read, old value kept as a fallback
   * ```
   */
  expire(keys: string | readonly string[]): Promise<void> {
    return traceOperation(
      diagnosticsChannels.expire,
      operationContext.expire,
      this.#expire,
      this,
      keys,
    );
  }

  async #expire(keys: string | readonly string[]): Promise<void> {
    const state = this.#state;
    this.#assertOpen();
    const list = keyList(keys, state.maxKeyLength);
    if (list.length === 0) return;
    const message: InvalidationMessage = { type: 'expire', keys: list };
    applyLocally(state, message, 'local');
    await eachTier(state, 'expire', list[0], (tier) => expireInTier(tier, list));
    // A read during the tier writes may have promoted the still-fresh copy back into L1.
    for (const key of list) expireInL1(state, key);
    await publish(state, message);
  }

  /**
   * Writes a new value everywhere and pushes it into the other instances' L1, so they serve it
   * without a miss. `ttl` defaults to the cache's default TTL; `{ tags }` tags the value as `set`
   * does.
   *
   * @example
   * ```ts
   * await cache.updateCache('user:1', updatedUser, { ttl: '1h' });
   * ```
   */
  async updateCache(
    key: string,
    value: unknown,
    ttl?: TtlOption | Ttl | UpdateCacheOptions,
  ): Promise<void> {
    const state = this.#state;
    this.#assertOpen();
    assertValidKey(key, state.maxKeyLength);
    assertCacheable(key, value);
    const ttlMs = ttlArgument(ttl, state.defaultTtlMs);
    const tagged = taggedMeta(tagsOption(ttl), ttlMs);
    const bytes = state.serializer.serialize(value);
    state.markStale(key);
    const meta = graceMeta(ttlMs, state.grace.graceMs, tagged);
    const written = await writeEverywhere(state, key, value, ttlMs, bytes, meta);
    await publish(state, { type: 'update', key, value: written ?? bytes, ttlMs });
  }

  /**
   * {@link MultiTierCache.updateCache} with a strategy, under the Rust crate's name.
   *
   * @example
   * ```ts
   * await cache.setWithBroadcast('report:monthly', report, CacheStrategy.LongTerm);
   * ```
   */
  setWithBroadcast(key: string, value: unknown, strategy?: TtlOption | Ttl): Promise<void> {
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
  invalidatePattern(glob: string): Promise<number> {
    return traceOperation(
      diagnosticsChannels.invalidatePattern,
      operationContext.invalidatePattern,
      this.#invalidatePattern,
      this,
      glob,
    );
  }

  async #invalidatePattern(glob: string): Promise<number> {
    const state = this.#state;
    this.#assertOpen();
    if (typeof glob !== 'string' || glob.length === 0) {
      throw new CacheError('invalid-key', 'pattern must be a non-empty glob such as "user:*"');
    }
    const message: InvalidationMessage = { type: 'pattern', pattern: glob };
    let removed = applyLocally(state, message, 'local');
    const counts = await eachTier(state, 'deleteMatching', glob, (tier) =>
      tier.deleteMatching(glob),
    );
    for (const count of counts) removed += count ?? 0;
    settleOwnPattern(state, glob);
    await publish(state, message);
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
  clear(): Promise<void> {
    return traceOperation(
      diagnosticsChannels.clear,
      operationContext.clear,
      this.#clear,
      this,
      undefined,
    );
  }

  async #clear(): Promise<void> {
    const state = this.#state;
    this.#assertOpen();
    const message: InvalidationMessage = { type: 'clear' };
    applyLocally(state, message, 'local');
    await eachTier(state, 'clear', undefined, (tier) => tier.clear());
    await publish(state, message);
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
    const state = this.#state;
    const c = state.counters;
    const tiers = state.tiers.map((tier) => tier.stats());
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
      lockWaitsExpired: c.lockWaitsExpired,
      staleServed: c.staleServed,
      factoryErrors: c.factoryErrors,
      backgroundCompletions: c.backgroundCompletions,
      refreshesAhead: c.refreshesAhead,
      tiers,
      bus: state.bus?.stats?.(),
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
    return this.#state.events.on(event, listener);
  }

  /**
   * Each tier's state. `healthy` is true while L1 works, even with shared tiers down (as in the
   * Rust crate): the cache still answers, from L1 and computations. `status` is `ok`,
   * `degraded` (a shared tier or the bus is down; each says why in `reason`) or `down` (the
   * cache cannot serve). Bounded by one `timeout`: every tier is pinged in parallel, past an
   * open breaker.
   *
   * @example
   * ```ts
   * const report = await cache.healthCheck();
   * if (report.status !== 'ok') logger.warn(report, 'cache degraded');
   * ```
   */
  async healthCheck(): Promise<HealthReport> {
    this.#assertOpen();
    const state = this.#state;
    return checkHealth(state.hasL1 ? state.l1 : undefined, state.tiers, state.bus);
  }

  /**
   * Stops listening to the bus, closes the bus and every store (waiting at most one `timeout`
   * for each), and empties L1. Work under way
   * hands its result to its callers but writes nothing; every later call rejects with
   * `CacheError('closed')`.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => cache.close());
   * ```
   */
  async close(): Promise<void> {
    const state = this.#state;
    if (state.closed) return;
    state.closed = true;
    state.reads.markAllStale();
    state.computations.markAllStale();
    // Closing the bus and the stores below must happen whatever the L1 or the bus throws.
    try {
      state.l1.clear();
    } catch {}
    try {
      this.#unsubscribeBus?.();
    } catch {}
    await Promise.allSettled([
      settle(() => {
        const closing = state.bus?.close();
        return closing && withTimeout(closing, state.timeoutMs, 'bus.close');
      }),
      ...state.tiers.map((tier) => settle(() => tier.close())),
    ]);
  }

  /** `await using cache = createCache(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** `getOrCompute` past an L1 miss: arguments checked before the key's work is registered. */
  #computeMiss<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
    context: GetOrComputeContext | undefined,
    stale: L1Entry | undefined,
  ): Promise<T> {
    const state = this.#state;
    if (state.closed) return Promise.reject(state.closedError());
    let request: ComputeRequest;
    let lock: LockSettings | undefined;
    let settings: GraceSettings;
    let tags: readonly string[] | undefined;
    try {
      request = computeRequest(compute, options, state.defaultTtlMs);
      settings = graceSettings(options, state.grace);
      tags = tagsOption(options);
      lock = this.#lockFor(options);
    } catch (error) {
      return Promise.reject(error);
    }
    state.counters.requests++;
    const graced = stale === undefined || request.forceFresh ? undefined : gracedInL1(state, key);
    if (request.forceFresh) state.markStale(key);
    const joined = state.computations.get(key);
    const work =
      joined ??
      state.computations.start(key, (work) =>
        lookupOrCompute(
          state,
          {
            key,
            compute,
            ttlMs: request.ttlMs,
            forceFresh: request.forceFresh,
            settings,
            lock,
            graced: graced?.graced,
            tags,
          },
          work,
        ),
      );
    const promise = joined === undefined ? work.promise : joinWork(state, key, joined);
    const traced = context === undefined ? promise : traceOutcome(state, promise, work, context);
    return abortable(traced as Promise<T>, request.signal);
  }

  // Tags and namespaces.

  /**
   * Invalidates every entry carrying one of `tags` that was written before this call, on every
   * instance and in every shared tier, at the cost of one small write per tag per tier and one
   * bus message, however many entries carry the tag: each tier keeps the tag's invalidation time
   * (`__mtc:tag:<tag>`), each instance remembers it (from the bus, or read from the tier with the
   * entry), and a tagged entry written at or before it reads as a miss and is deleted. A value
   * computed while the call runs is stamped with its start and is invalidated too. Bounded by
   * one `timeout` for the shared tiers, then one bus publish.
   *
   * Times are the wall clocks of the writers and the invalidating instance: clocks out of step by
   * d ms let an entry written up to d ms before the call survive it (keep hosts on NTP).
   *
   * @example
   * ```ts
   * await cache.set('page:/shoes', html, { tags: ['product:7', 'product:9'] });
   * await cache.deleteByTag('product:7'); // the page is gone on every instance
   * ```
   */
  deleteByTag(tags: string | readonly string[]): Promise<void> {
    return traceOperation(
      diagnosticsChannels.deleteByTag,
      operationContext.deleteByTag,
      this.#deleteByTag,
      this,
      tags,
    );
  }

  async #deleteByTag(tags: string | readonly string[]): Promise<void> {
    this.#assertOpen();
    const list = tagList(tags);
    if (list === undefined) return;
    await invalidateTags(this.#state, list);
  }

  /**
   * Makes every entry carrying one of `tags` that was written before the call stale, in every
   * tier and on every instance, as `expire` does for keys: entries with a grace period are kept
   * for it (the next `getOrCompute` recomputes and falls back on them: fail-safe, soft timeout,
   * `ctx.stale`); entries without grace are gone, as after `deleteByTag`. Like `deleteByTag`,
   * one key per tag per shared tier and one bus message, whatever the number of entries; an
   * instance that missed the message reads the tags' times from the shared tier. Bounded by one
   * `timeout` for the shared tiers, then one bus publish.
   *
   * @example
   * ```ts
   * await cache.set('page:/shoes', html, { tags: 'product:7', grace: '1h' });
   * await cache.expireByTag('product:7'); // recomputed on next read, old page kept as a fallback
   * ```
   */
  async expireByTag(tags: string | readonly string[]): Promise<void> {
    this.#assertOpen();
    const list = tagList(tags);
    if (list === undefined) return;
    await expireTags(this.#state, list);
  }

  /**
   * A view whose keys live under `<name>:` and that shares this cache's L1, shared tiers, bus
   * and connections (no new store or connection). Its `clear()` empties only the namespace, in
   * every tier and on every instance; its `stats()` count only its own calls; `.namespace()` on
   * it nests. Throws `CacheError('invalid-key')` for an empty name or one with glob characters.
   *
   * @example
   * ```ts
   * const users = cache.namespace('users');
   * await users.set('1', ada); // stored as users:1
   * await users.clear(); // users:* everywhere; other keys stay
   * ```
   */
  namespace(name: string): CacheNamespace {
    const state = this.#state;
    const host: NamespaceHost = {
      cache: this,
      tagged: state.tiers.length > 0,
      clear: (prefix) => {
        if (state.closed) return Promise.reject(state.closedError());
        return clearNamespace(state, prefix);
      },
    };
    return new CacheNamespace(host, namespacePrefix('', name), []);
  }

  #assertOpen(): void {
    if (this.#state.closed) throw this.#state.closedError();
  }

  #rejectInvalidKey<T>(key: unknown): Promise<T> {
    return Promise.reject(invalidKeyError(key, this.#state.maxKeyLength));
  }
}

/** How many keys a delete removed: the most any shared tier removed, else L1's count. */
function removedCount(inL1: number, counts: readonly (number | undefined)[]): number {
  if (counts.length === 0) return inL1;
  let most = 0;
  for (const count of counts) if (typeof count === 'number' && count > most) most = count;
  return most;
}

/** Runs `close`, turning a synchronous throw into a rejection so one failure stops no other. */
async function settle(close: () => Promise<void> | undefined): Promise<void> {
  await close();
}
