import { diagnosticsChannels } from '../diagnostics/channels.js';
import { operationContext } from '../diagnostics/operation-contexts.js';
import { traceOperation } from '../diagnostics/trace-operation.js';
import { CacheError } from '../errors.js';
import type { CacheStrategyValue, TtlOption } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import type { SetManyEntry } from './batch-arguments.js';
import type { ComputeContext, GetOrComputeOptions, SetOptions } from './cache-options.js';
import type { MultiTierCache } from './multi-tier-cache.js';
import { namespacePrefix } from './namespace-name.js';
import { NamespaceCounters, type NamespaceStats } from './namespace-stats.js';
import { withImplicitTags } from './namespace-tags.js';
import { namespaceTag } from './tag-names.js';

/** What a namespace view needs from the cache it belongs to. */
export interface NamespaceHost {
  readonly cache: MultiTierCache;
  /** Whether entries carry their namespaces' implicit tags (the cache has shared tiers). */
  readonly tagged: boolean;
  /** Empties the namespace under `prefix` everywhere; resolves to how many entries went. */
  clear(prefix: string): Promise<number>;
}

/**
 * A view of a cache whose keys live under a prefix (`users:` for `cache.namespace('users')`,
 * `users:admins:` for `.namespace('admins')` on it). It shares the cache's L1, shared tiers, bus
 * and connections; `clear()` empties only the namespace (nested ones included) in every tier and
 * on every instance; `stats()` counts only the calls made through it. Tags are the cache's:
 * `deleteByTag` on a view reaches tagged entries of every namespace.
 *
 * Keys given to the view are the namespace's own: `users.get('1')` reads `users:1`.
 *
 * @example
 * ```ts
 * const users = cache.namespace('users');
 * await users.set('1', ada);
 * await users.get('1'); // ada (stored as users:1)
 * await users.clear(); // every users:* key, on every instance and tier
 * ```
 */
export class CacheNamespace {
  /** The namespace's path, such as `users:admins`. */
  readonly name: string;
  /** The prefix its keys are stored under, such as `users:admins:`. */
  readonly prefix: string;
  readonly #host: NamespaceHost;
  readonly #tags: readonly string[];
  readonly #counters = new NamespaceCounters();

  /** Use `cache.namespace(name)`. */
  constructor(host: NamespaceHost, prefix: string, parentTags: readonly string[]) {
    this.#host = host;
    this.prefix = prefix;
    this.name = prefix.slice(0, -1);
    this.#tags = host.tagged ? [...parentTags, namespaceTag(prefix)] : [];
  }

  /**
   * A namespace nested in this one: its keys live under `<prefix><name>:`, and clearing this
   * namespace clears it too. Throws `CacheError('invalid-key')` for an empty name or one with
   * glob characters.
   *
   * @example
   * ```ts
   * const admins = cache.namespace('users').namespace('admins'); // keys under users:admins:
   * ```
   */
  namespace(name: string): CacheNamespace {
    return new CacheNamespace(this.#host, namespacePrefix(this.prefix, name), this.#tags);
  }

  /** L1's value of a namespaced key: counted as a request and, when there, as an L1 hit. */
  #peek<T>(full: string): T | undefined {
    const counters = this.#counters;
    counters.requests++;
    const hot = this.#host.cache.peekL1<T>(full);
    if (hot !== undefined) {
      counters.l1Hits++;
      counters.hits++;
    }
    return hot;
  }

  /**
   * The cache's `get` on the namespace's key.
   *
   * @example
   * ```ts
   * const user = await users.get<User>('1');
   * ```
   */
  get<T = unknown>(key: string): Promise<T | undefined> {
    const counters = this.#counters;
    let full: string;
    let hot: T | undefined;
    try {
      full = this.#key(key);
      hot = this.#peek<T>(full);
    } catch (error) {
      return Promise.reject(error);
    }
    if (hot !== undefined) return Promise.resolve(hot);
    return this.#host.cache.get<T>(full).then(
      (value) => {
        if (value === undefined) counters.misses++;
        else counters.hits++;
        return value;
      },
      (error: unknown) => {
        counters.misses++;
        throw error;
      },
    );
  }

  /**
   * The cache's `getOrCompute` on the namespace's key; the computation gets the namespace's key
   * in `context.key`.
   *
   * @example
   * ```ts
   * const user = await users.getOrCompute('1', () => db.user(1), { ttl: '10m', tags: ['team:7'] });
   * ```
   */
  getOrCompute<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    options?: GetOrComputeOptions | CacheStrategyValue | Ttl,
  ): Promise<T> {
    const counters = this.#counters;
    let full: string;
    let hot: T | undefined;
    try {
      full = this.#key(key);
      hot = this.#peek<T>(full);
    } catch (error) {
      return Promise.reject(error);
    }
    if (hot !== undefined) return Promise.resolve(hot);
    let computed = false;
    const local = (context: ComputeContext): T | Promise<T> => {
      computed = true;
      counters.computations++;
      return typeof compute === 'function' ? compute(withKey(context, key)) : compute;
    };
    return this.#host.cache
      .getOrCompute(full, typeof compute === 'function' ? local : compute, this.#options(options))
      .then(
        (value) => {
          if (computed) counters.misses++;
          else counters.hits++;
          return value;
        },
        (error: unknown) => {
          counters.misses++;
          throw error;
        },
      );
  }

  /**
   * The cache's `getMany` on the namespace's keys (not counted in the view's stats).
   *
   * @example
   * ```ts
   * const [ada, bob] = await users.getMany<User>(['1', '2']);
   * ```
   */
  getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    try {
      return this.#host.cache.getMany<T>(keys.map((key) => this.#key(key)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The cache's `has` on the namespace's key.
   *
   * @example
   * ```ts
   * if (await users.has('1')) return;
   * ```
   */
  has(key: string): Promise<boolean> {
    try {
      return this.#host.cache.has(this.#key(key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The cache's `set` on the namespace's key.
   *
   * @example
   * ```ts
   * await users.set('1', ada, { ttl: '10m', tags: ['team:7'] });
   * ```
   */
  set(key: string, value: unknown, ttl?: TtlOption | SetOptions | Ttl): Promise<void> {
    try {
      return this.#host.cache.set(this.#key(key), value, this.#options(ttl));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Writes several entries of the namespace (one `set` each when the namespace's entries carry
   * tags, which the batch write does not; one `setMany` otherwise).
   *
   * @example
   * ```ts
   * await users.setMany([{ key: '1', value: ada }, { key: '2', value: bob }]);
   * ```
   */
  async setMany(
    entries: readonly SetManyEntry[],
    options?: Pick<SetOptions, 'broadcast'>,
  ): Promise<void> {
    if (!Array.isArray(entries)) {
      throw new CacheError(
        'invalid-value',
        `setMany needs an array of entries, got ${typeof entries}`,
      );
    }
    const cache = this.#host.cache;
    if (this.#tags.length === 0) {
      await cache.setMany(
        entries.map((entry) => ({ ...entry, key: this.#key(entry.key) })),
        options,
      );
      return;
    }
    const broadcast = options?.broadcast === undefined ? {} : { broadcast: options.broadcast };
    await Promise.all(
      entries.map((entry) => {
        const ttl = entry.ttl;
        const own: SetOptions =
          ttl === undefined || typeof ttl !== 'object'
            ? { ttl }
            : 'ttlMs' in ttl
              ? { strategy: ttl }
              : { ...ttl };
        return cache.set(
          this.#key(entry.key),
          entry.value,
          this.#options({ ...own, ...broadcast }),
        );
      }),
    );
  }

  /**
   * The cache's `delete` on the namespace's keys.
   *
   * @example
   * ```ts
   * await users.delete('1');
   * ```
   */
  delete(key: string): Promise<boolean>;
  delete(keys: readonly string[]): Promise<number>;
  delete(keys: string | readonly string[]): Promise<boolean | number> {
    try {
      const cache = this.#host.cache;
      return typeof keys === 'string'
        ? cache.delete(this.#key(keys))
        : cache.delete(Array.from(keys, (key) => this.#key(key)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The cache's `invalidate` on the namespace's keys.
   *
   * @example
   * ```ts
   * await users.invalidate(['1', '2']);
   * ```
   */
  async invalidate(keys: string | readonly string[]): Promise<void> {
    await this.delete(keys as string);
  }

  /**
   * The cache's `invalidatePattern` with the glob applied inside the namespace.
   *
   * @example
   * ```ts
   * await users.invalidatePattern('session:*'); // users:session:*
   * ```
   */
  invalidatePattern(glob: string): Promise<number> {
    if (typeof glob !== 'string' || glob.length === 0) {
      return Promise.reject(
        new CacheError('invalid-key', 'pattern must be a non-empty glob such as "user:*"'),
      );
    }
    return this.#host.cache.invalidatePattern(this.prefix + glob);
  }

  /**
   * The cache's `deleteByTag`: tags are shared by every namespace.
   *
   * @example
   * ```ts
   * await users.deleteByTag('team:7');
   * ```
   */
  deleteByTag(tags: string | readonly string[]): Promise<void> {
    return this.#host.cache.deleteByTag(tags);
  }

  /**
   * The cache's `expireByTag`: tags are shared by every namespace.
   *
   * @example
   * ```ts
   * await users.expireByTag('team:7');
   * ```
   */
  expireByTag(tags: string | readonly string[]): Promise<void> {
    return this.#host.cache.expireByTag(tags);
  }

  /**
   * Empties the namespace and every namespace nested in it: in L1, in every shared tier (a glob
   * delete where the store can list keys, the namespace's tag everywhere) and on every other
   * instance (one bus message). Other namespaces and the cache's other keys stay. Resolves to how
   * many entries were removed from L1 and the tiers that list keys.
   *
   * @example
   * ```ts
   * await cache.namespace('users').clear();
   * ```
   */
  clear(): Promise<number> {
    return traceOperation(
      diagnosticsChannels.clear,
      operationContext.clear,
      this.#clear,
      this,
      this.name,
    );
  }

  #clear(): Promise<number> {
    return this.#host.clear(this.prefix);
  }

  /**
   * The counters of the calls made through this view (`get` and `getOrCompute`).
   *
   * @example
   * ```ts
   * console.log(users.stats().hitRate);
   * ```
   */
  stats(): NamespaceStats {
    return this.#counters.snapshot(this.name);
  }

  /**
   * The cache's `peekL1` on the namespace's key (counted as a request and an L1 hit when found).
   *
   * @example
   * ```ts
   * const hot = users.peekL1<User>('1');
   * ```
   */
  peekL1<T = unknown>(key: string): T | undefined {
    const value = this.#host.cache.peekL1<T>(this.prefix + key);
    if (value !== undefined) {
      this.#counters.requests++;
      this.#counters.l1Hits++;
      this.#counters.hits++;
    }
    return value;
  }

  /**
   * The cache's `replaceInL1` on the namespace's key.
   *
   * @example
   * ```ts
   * users.replaceInL1('1', raw, parsed);
   * ```
   */
  replaceInL1(key: string, expected: unknown, next: unknown): boolean {
    return this.#host.cache.replaceInL1(this.prefix + key, expected, next);
  }

  #key(key: string): string {
    if (typeof key !== 'string' || key.length === 0) {
      throw new CacheError(
        'invalid-key',
        `key must be a non-empty string, got ${JSON.stringify(key) ?? typeof key}`,
      );
    }
    return this.prefix + key;
  }

  #options<O extends SetOptions | GetOrComputeOptions>(
    option: O | CacheStrategyValue | Ttl | undefined,
  ): O | CacheStrategyValue | Ttl | undefined {
    return withImplicitTags(option, this.#tags);
  }
}

/** `context` as the namespace's computation sees it: its own key, every method still the cache's. */
function withKey(context: ComputeContext, key: string): ComputeContext {
  return {
    key,
    stale: context.stale,
    signal: context.signal,
    setTtl: (ttl) => context.setTtl(ttl),
    setGrace: (grace) => context.setGrace(grace),
    skip: () => context.skip(),
    setTags: (tags) => context.setTags(tags),
  };
}
