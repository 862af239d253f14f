// Measures the L1-hit path with and without a bus that reports liveness (the staleness check).
// Usage: node --conditions=@multi-tier-cache/source --import tsx tools/soak/src/l1-hit-measure.ts
import { type Bus, createCache, memoryL1Store } from '@multi-tier-cache/core';

function bus(liveness: Bus['liveness']): Bus {
  return { liveness, publish: async () => {}, subscribe: () => () => {}, close: async () => {} };
}

const caches = {
  'no liveness': createCache({ l1: memoryL1Store(), bus: bus(undefined) }),
  'with liveness': createCache({
    l1: memoryL1Store(),
    bus: bus({ confirmedAt: Date.now() + 3_600_000, maxStalenessMs: 1000 }),
  }),
};
for (const cache of Object.values(caches)) {
  for (let i = 0; i < 1000; i++) await cache.set(`k${i}`, i, { ttl: '1h', broadcast: false });
}
const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
const results: Record<string, number[]> = { 'no liveness': [], 'with liveness': [] };
let sink = 0;
for (let round = 0; round < 20; round++) {
  for (const [name, cache] of Object.entries(caches)) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 2_000_000; i++) sink += cache.peekL1<number>(keys[i % 1000]!) ?? 0;
    results[name]!.push(Number(process.hrtime.bigint() - started) / 2_000_000);
  }
}
for (const [name, samples] of Object.entries(results)) {
  samples.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(14)} median ${samples[10]!.toFixed(1)} ns per peekL1 (min ${samples[0]!.toFixed(1)})`,
  );
}
console.log(sink > 0 ? '' : 'no hits');
