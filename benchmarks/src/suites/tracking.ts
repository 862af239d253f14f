import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Row } from '../harness.js';

const run = promisify(execFile);
const script = fileURLToPath(
  new URL('../../../packages/invalidation/test/tracking-measure.ts', import.meta.url),
);

interface Measured {
  latencyMs: { p50: number; p99: number; rawP50: number; rawP99: number };
  withReplay: { ratio: number; stale: number; replay: { lastReplayed: number; lastGapMs: number } };
  withoutReplay: { ratio: number };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * Server-assisted tracking and replay (the script starts its own redis-server): a raw SET → both
 * instances' L1 dropped the key, against raw PUBLISH → two subscribers, sample by sample; and the
 * L1 hit rate right after a 5 s subscriber gap with 100 invalidations among 10,000 keys.
 */
export async function trackingRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const transport of ['ioredis', 'node-redis']) {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@multi-tier-cache/source',
        '--import',
        'tsx',
        script,
        '--transport',
        transport,
      ],
      { maxBuffer: 1 << 20, timeout: 300_000 },
    );
    const measured = JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
    const { latencyMs, withReplay, withoutReplay } = measured;
    const ratio = latencyMs.p50 / latencyMs.rawP50;
    rows.push({
      group: 'tracking',
      name: `${transport}: raw SET → every L1 dropped it (p50 / p99)`,
      value: `${ms(latencyMs.p50)} / ${ms(latencyMs.p99)}`,
      baseline: `${ms(latencyMs.rawP50)} / ${ms(latencyMs.rawP99)} raw PUBLISH → SUBSCRIBE`,
      ratio,
      target: 'p50 ≤ 1.5× raw',
      met: ratio <= 1.5,
    });
    rows.push({
      group: 'tracking',
      name: `${transport}: L1 hit rate after a ${Math.round(withReplay.replay.lastGapMs / 1000)} s gap, ${withReplay.replay.lastReplayed} replayed (${withReplay.stale} stale)`,
      value: pct(withReplay.ratio),
      baseline: `${pct(withoutReplay.ratio)} without replay`,
      ratio: withReplay.ratio,
      target: '≥ 95% of before, none stale',
      met: withReplay.ratio >= 0.95 && withReplay.stale === 0,
    });
  }
  return rows;
}
