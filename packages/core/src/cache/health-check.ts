import type { Bus } from '../bus/bus.js';
import type { L1Store } from '../stores/l1-store.js';
import type { SharedTier } from './shared-tier.js';

/**
 * `ok`: working; `degraded`: the cache answers but something is down (a shared tier, the bus),
 * so it serves from L1 and computations or may serve values other instances invalidated;
 * `down`: the cache cannot serve (L1 fails, or with no L1 every shared tier fails).
 *
 * @example
 * ```ts
 * const ready = (await cache.healthCheck()).status !== 'down';
 * ```
 */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/**
 * The state of one tier.
 *
 * @example
 * ```ts
 * { name: 'redis', healthy: false, status: 'down', reason: 'ping failed: connect ECONNREFUSED 127.0.0.1:6379', circuitOpen: true }
 * ```
 */
export interface TierHealth {
  readonly name: string;
  readonly healthy: boolean;
  /** `ok` or `down` for a tier. */
  readonly status: HealthStatus;
  /** Why the tier is not `ok`: the breaker, and the error its ping got. */
  readonly reason?: string;
  readonly latencyMs?: number;
  readonly error?: string;
  readonly circuitOpen?: boolean;
}

/**
 * The state of the invalidation bus, when the cache has one.
 *
 * @example
 * ```ts
 * { status: 'down', reason: 'bus disconnected: invalidations from other instances are not received' }
 * ```
 */
export interface BusHealth {
  readonly status: HealthStatus;
  readonly reason?: string;
}

/**
 * What `healthCheck()` reports. `healthy` follows L1 alone, as in the Rust crate: with L2 down
 * the cache still answers from L1 and computations. `status` tells the whole truth: `degraded`
 * when a shared tier or the bus is down (with each one's `reason`), `down` when the cache cannot
 * serve.
 *
 * @example
 * ```ts
 * const { healthy, status, l1, tiers, bus } = await cache.healthCheck();
 * if (status !== 'ok') logger.warn({ tiers, bus }, 'cache degraded');
 * ```
 */
export interface HealthReport {
  readonly healthy: boolean;
  readonly status: HealthStatus;
  readonly l1: TierHealth;
  readonly tiers: readonly TierHealth[];
  readonly bus?: BusHealth;
}

const PROBE_KEY = '\u0000multi-tier-cache:health-probe';

/** Pings every tier in parallel; `l1` is `undefined` for a cache created with `l1: false`. */
export async function checkHealth(
  l1: L1Store | undefined,
  tiers: readonly SharedTier[],
  bus: Bus | undefined,
): Promise<HealthReport> {
  const l1Health: TierHealth =
    l1 === undefined ? { name: 'none', healthy: true, status: 'ok' } : probeL1(l1);
  const tierHealth = await Promise.all(
    tiers.map(async (tier): Promise<TierHealth> => {
      try {
        const latencyMs = await tier.ping();
        return { name: tier.name, healthy: true, status: 'ok', latencyMs, circuitOpen: false };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const circuitOpen = tier.circuitOpen;
        return {
          name: tier.name,
          healthy: false,
          status: 'down',
          reason: `${circuitOpen ? 'circuit open; ' : ''}ping failed: ${message}`,
          error: message,
          circuitOpen,
        };
      }
    }),
  );
  const busHealth = bus === undefined ? undefined : checkBus(bus);
  const status = overallStatus(l1 !== undefined, l1Health, tierHealth, busHealth);
  const report = { healthy: l1Health.healthy, status, l1: l1Health, tiers: tierHealth };
  return busHealth === undefined ? report : { ...report, bus: busHealth };
}

function overallStatus(
  hasL1: boolean,
  l1: TierHealth,
  tiers: readonly TierHealth[],
  bus: BusHealth | undefined,
): HealthStatus {
  if (l1.status === 'down') return 'down';
  const tiersDown = tiers.filter((tier) => tier.status !== 'ok').length;
  if (!hasL1 && tiers.length > 0 && tiersDown === tiers.length) return 'down';
  return tiersDown > 0 || (bus !== undefined && bus.status !== 'ok') ? 'degraded' : 'ok';
}

/** A bus that reports `subscribed: false` in its stats is disconnected. */
function checkBus(bus: Bus): BusHealth {
  let stats: Readonly<Record<string, unknown>> | undefined;
  try {
    stats = bus.stats?.();
  } catch (error) {
    return {
      status: 'down',
      reason: `bus stats failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (stats?.subscribed === false) {
    return {
      status: 'down',
      reason: 'bus disconnected: invalidations from other instances are not received',
    };
  }
  return { status: 'ok' };
}

function probeL1(l1: L1Store): TierHealth {
  try {
    l1.set(PROBE_KEY, true, 1000);
    const healthy = l1.get(PROBE_KEY) === true;
    l1.delete(PROBE_KEY);
    if (healthy) return { name: l1.name, healthy, status: 'ok' };
    const error = 'a value written to L1 could not be read back';
    return { name: l1.name, healthy, status: 'down', reason: error, error };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: l1.name, healthy: false, status: 'down', reason: message, error: message };
  }
}
