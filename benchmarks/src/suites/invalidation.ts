import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Row } from '../harness.js';

const run = promisify(execFile);
const script = fileURLToPath(
  new URL('../../../packages/invalidation/test/latency.ts', import.meta.url),
);

interface LatencyReport {
  p50: string;
  p99: string;
  max: string;
}

async function measureLatency(redisUrl: string, args: string[]): Promise<LatencyReport> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', script, '--keys', '1000', ...args],
    { env: { ...process.env, REDIS_URL: redisUrl }, maxBuffer: 1 << 20, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LatencyReport;
}

/**
 * Propagation latency over 1,000 keys: `invalidate` on process A until process B's L1 no longer
 * holds the key, against plain ioredis PUBLISH → SUBSCRIBE between the same two processes.
 */
export async function invalidationRows(redisUrl: string): Promise<Row[]> {
  const rows: Row[] = [];
  const raw = await measureLatency(redisUrl, ['--raw']);
  for (const transport of ['ioredis', 'node-redis']) {
    const ours = await measureLatency(redisUrl, ['--transport', transport]);
    const p99 = Number.parseFloat(ours.p99);
    rows.push({
      group: 'invalidation',
      name: `${transport} bus, A.invalidate → B's L1 (p50 / p99 / max)`,
      value: `${ours.p50} / ${ours.p99} / ${ours.max}`,
      baseline: `${raw.p50} / ${raw.p99} / ${raw.max} raw pub/sub`,
      ratio: p99 / Number.parseFloat(raw.p99),
      target: 'p99 ≤ 1 ms',
      met: p99 <= 1,
    });
  }
  return rows;
}
