import type { Bus } from '../bus/bus.js';
import { publishTierError } from '../diagnostics/publish-events.js';
import { CacheError } from '../errors.js';
import { DEFAULT_MAX_KEY_LENGTH } from '../keys.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { jsonSerializer } from '../serialization/json-serializer.js';
import type { Serializer } from '../serialization/serializer.js';
import type { L1Store } from '../stores/l1-store.js';
import type { L2Store } from '../stores/l2-store.js';
import { CacheStrategy } from '../strategy.js';
import { parseTtl } from '../ttl.js';
import { CacheEventEmitter } from './cache-events.js';
import type { CacheLogger } from './cache-logger.js';
import type { CacheOptions } from './cache-options.js';
import { StatsCounters } from './cache-stats.js';
import { type GraceSettings, graceDefaults } from './grace-settings.js';
import { noL1Store } from './no-l1-store.js';
import { PendingWorkMap } from './pending-work.js';
import { SharedTier, type TierOptions } from './shared-tier.js';

/** Longest delay `setTimeout` honours (2³¹−1 ms); a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * What one cache holds and counts, shared by the files that read, compute, write and apply
 * invalidations. Plain fields, so the hot paths read them without indirection.
 */
export class CacheState {
  readonly l1: L1Store;
  /** Deadline of one shared-tier or bus call. */
  readonly timeoutMs: number;
  /** False for a cache created with `l1: false` (then `l1` is a store that holds nothing). */
  readonly hasL1: boolean;
  readonly tiers: readonly SharedTier[];
  readonly serializer: Serializer;
  readonly defaultTtlMs: number;
  readonly l1MaxTtlMs: number;
  readonly maxKeyLength: number;
  readonly strict: boolean;
  readonly bus: Bus | undefined;
  readonly clearL1OnReconnect: boolean;
  readonly broadcastSets: boolean;
  readonly logger: CacheLogger | undefined;
  /** Cache-wide grace, backoff, factory timeouts and refresh-ahead. */
  readonly grace: GraceSettings;
  readonly counters = new StatsCounters();
  readonly events = new CacheEventEmitter();
  /** Shared-tier reads under way, per key (for `get`). */
  readonly reads = new PendingWorkMap<unknown>();
  /** Lookups-then-computations under way, per key (for `getOrCompute`). */
  readonly computations = new PendingWorkMap<unknown>();
  closed = false;

  constructor(options: CacheOptions) {
    const timeoutMs = parseTtl(options.timeout ?? 500);
    if (timeoutMs > MAX_TIMER_MS) {
      throw new CacheError(
        'configuration',
        `timeout ${timeoutMs} ms is longer than a timer can wait (${MAX_TIMER_MS} ms, about 24.8 days): use a shorter timeout`,
      );
    }
    this.timeoutMs = timeoutMs;
    this.hasL1 = options.l1 !== false;
    this.l1 = options.l1 === false ? noL1Store() : (options.l1 ?? memoryL1Store());
    this.logger = options.logger;
    this.tiers = normalizeTiers(options.l2).map(
      (tier) => new SharedTier(tier, timeoutMs, options.breaker, options.logger),
    );
    this.serializer = options.serializer ?? jsonSerializer();
    const defaultTtl = options.defaultTtl ?? CacheStrategy.Default;
    this.defaultTtlMs = typeof defaultTtl === 'object' ? defaultTtl.ttlMs : parseTtl(defaultTtl);
    this.l1MaxTtlMs = parseTtl(options.l1MaxTtl ?? '5m');
    this.maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH;
    this.strict = options.strict ?? false;
    this.bus = options.bus;
    this.clearL1OnReconnect = (options.onBusReconnect ?? 'clear-l1') === 'clear-l1';
    this.broadcastSets = options.broadcastSets ?? true;
    this.grace = graceDefaults(options);
  }

  countMiss(key: string): void {
    this.counters.misses++;
    if (this.events.has('miss')) this.events.emit('miss', { key });
  }

  emitError(tier: string, operation: string, key: string | undefined, error: unknown): void {
    publishTierError(tier, operation, key, error);
    if (this.events.has('error')) this.events.emit('error', { tier, operation, key, error });
  }

  /** Counts a failed call of `tier` and emits it. */
  recordFailure(
    tier: SharedTier,
    operation: string,
    key: string | undefined,
    error: unknown,
  ): void {
    tier.countFailure(error);
    this.emitError(tier.name, operation, key, error);
  }

  closedError(): CacheError {
    return new CacheError('closed', 'the cache was closed: create a new one');
  }

  /** Marks reads and computations of `key` stale: they hand out their result but write nothing. */
  markStale(key: string): void {
    this.reads.markStale(key);
    this.computations.markStale(key);
  }
}

function normalizeTiers(l2: CacheOptions['l2']): TierOptions[] {
  if (l2 === undefined) return [];
  const list = Array.isArray(l2) ? l2 : [l2 as L2Store];
  return list.map((entry: L2Store | TierOptions) => ('store' in entry ? entry : { store: entry }));
}
