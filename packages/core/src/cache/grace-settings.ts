import { CacheError } from '../errors.js';
import { parseTtl, type Ttl } from '../ttl.js';
import type { CacheOptions, FactoryTimeouts, GetOrComputeOptions } from './cache-options.js';

/** Default pause after a failed computation served a stale value. */
const DEFAULT_BACKOFF_MS = 10_000;

/**
 * The serve-through-failure settings of one `getOrCompute` call (or the cache's defaults), in
 * milliseconds. `softMs`/`hardMs` are `undefined` when unset; `refreshAhead` is 0 when off.
 */
export interface GraceSettings {
  readonly graceMs: number;
  readonly graceBackoffMs: number;
  readonly softMs: number | undefined;
  readonly hardMs: number | undefined;
  readonly background: boolean;
  readonly refreshAhead: number;
}

/** The cache-wide settings from `createCache`'s options, checked. */
export function graceDefaults(options: CacheOptions): GraceSettings {
  return {
    graceMs: graceArgument(options.grace, 0),
    graceBackoffMs:
      options.graceBackoff === undefined ? DEFAULT_BACKOFF_MS : parseTtl(options.graceBackoff),
    ...timeoutsArgument(options.timeouts, undefined),
    refreshAhead: refreshAheadArgument(options.refreshAhead, 0),
  };
}

/** One call's settings: its own options over the cache's defaults (the defaults when it has none). */
export function graceSettings(options: unknown, defaults: GraceSettings): GraceSettings {
  if (typeof options !== 'object' || options === null || 'ttlMs' in options) return defaults;
  const call = options as GetOrComputeOptions;
  if (
    call.grace === undefined &&
    call.graceBackoff === undefined &&
    call.timeouts === undefined &&
    call.refreshAhead === undefined
  ) {
    return defaults;
  }
  return {
    graceMs: graceArgument(call.grace, defaults.graceMs),
    graceBackoffMs:
      call.graceBackoff === undefined ? defaults.graceBackoffMs : parseTtl(call.graceBackoff),
    ...timeoutsArgument(call.timeouts, defaults),
    refreshAhead: refreshAheadArgument(call.refreshAhead, defaults.refreshAhead),
  };
}

/** A grace duration in milliseconds: `0` (or the fallback when absent) or a positive TTL. */
export function graceArgument(grace: Ttl | 0 | undefined, fallbackMs: number): number {
  if (grace === undefined) return fallbackMs;
  if (grace === 0) return 0;
  return parseTtl(grace);
}

function timeoutsArgument(
  timeouts: FactoryTimeouts | undefined,
  defaults: GraceSettings | undefined,
): Pick<GraceSettings, 'softMs' | 'hardMs' | 'background'> {
  if (timeouts === undefined) {
    return {
      softMs: defaults?.softMs,
      hardMs: defaults?.hardMs,
      background: defaults?.background ?? true,
    };
  }
  if (typeof timeouts !== 'object' || timeouts === null) {
    throw new CacheError(
      'configuration',
      'timeouts must be an object such as { soft: 50, hard: "2s" }',
    );
  }
  const softMs = timeouts.soft === undefined ? undefined : parseTtl(timeouts.soft);
  const hardMs = timeouts.hard === undefined ? undefined : parseTtl(timeouts.hard);
  if (softMs !== undefined && hardMs !== undefined && hardMs < softMs) {
    throw new CacheError(
      'configuration',
      `timeouts.hard (${hardMs} ms) is shorter than timeouts.soft (${softMs} ms): the hard timeout must be the longer one`,
    );
  }
  return { softMs, hardMs, background: timeouts.background !== false };
}

function refreshAheadArgument(fraction: number | undefined, fallback: number): number {
  if (fraction === undefined) return fallback;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction < 1)) {
    throw new CacheError(
      'configuration',
      `refreshAhead ${String(fraction)} must be a fraction of the TTL from 0 (off) to below 1, such as 0.8`,
    );
  }
  return fraction;
}
