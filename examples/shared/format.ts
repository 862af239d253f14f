import type { CacheStats } from '@multi-tier-cache/core';

/** `1234567` → `"20 min 34.6 s"`, `850` → `"850 ms"`: TTLs in words. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.floor(ms / 100); // floored: a remaining TTL of 119.99 s is "1 min 59.9 s"
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths - minutes * 600) / 10;
  if (minutes < 60)
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds.toFixed(1)} s`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes - hours * 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The counters the Rust crate prints, one per line. */
export function printStats(label: string, stats: CacheStats): void {
  console.log(`${label}:`);
  console.log(`  requests    ${stats.requests}`);
  console.log(`  l1Hits      ${stats.l1Hits}`);
  console.log(`  l2Hits      ${stats.l2Hits}`);
  console.log(`  misses      ${stats.misses}`);
  console.log(`  hitRate     ${(stats.hitRate * 100).toFixed(1)}%`);
  console.log(`  promotions  ${stats.promotions}`);
  console.log(`  computations ${stats.computations} (coalesced callers: ${stats.coalesced})`);
}
