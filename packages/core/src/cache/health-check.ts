import type { L1Store } from '../stores/l1-store.js';
import type { SharedTier } from './shared-tier.js';

/**
 * The state of one tier.
 *
 * @example
 * ```ts
 * { name: 'redis', healthy: false, error: 'redis.ping did not answer within 500 ms', circuitOpen: true }
 * ```
 */
export interface TierHealth {
  readonly name: string;
  readonly healthy: boolean;
  readonly latencyMs?: number;
  readonly error?: string;
  readonly circuitOpen?: boolean;
}

/**
 * What `healthCheck()` reports. `healthy` follows L1 alone, as in the Rust crate: with L2 down
 * the cache still answers from L1 and computations. Check `tiers` for the shared tiers.
 *
 * @example
 * ```ts
 * const { healthy, l1, tiers } = await cache.healthCheck();
 * ```
 */
export interface HealthReport {
  readonly healthy: boolean;
  readonly l1: TierHealth;
  readonly tiers: readonly TierHealth[];
}

const PROBE_KEY = '\u0000multi-tier-cache:health-probe';

/** Pings every tier in parallel; `l1` is `undefined` for a cache created with `l1: false`. */
export async function checkHealth(
  l1: L1Store | undefined,
  tiers: readonly SharedTier[],
): Promise<HealthReport> {
  const l1Health = l1 === undefined ? { name: 'none', healthy: true } : probeL1(l1);
  const tierHealth = await Promise.all(
    tiers.map(async (tier): Promise<TierHealth> => {
      try {
        const latencyMs = await tier.ping();
        return { name: tier.name, healthy: true, latencyMs, circuitOpen: false };
      } catch (error) {
        return {
          name: tier.name,
          healthy: false,
          error: error instanceof Error ? error.message : String(error),
          circuitOpen: tier.circuitOpen,
        };
      }
    }),
  );
  return { healthy: l1Health.healthy, l1: l1Health, tiers: tierHealth };
}

function probeL1(l1: L1Store): TierHealth {
  try {
    l1.set(PROBE_KEY, true, 1000);
    const healthy = l1.get(PROBE_KEY) === true;
    l1.delete(PROBE_KEY);
    return healthy
      ? { name: l1.name, healthy }
      : { name: l1.name, healthy, error: 'a value written to L1 could not be read back' };
  } catch (error) {
    return {
      name: l1.name,
      healthy: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
