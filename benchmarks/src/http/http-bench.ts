import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Row } from '../harness.js';
import { median, type Samples, summarize } from '../interleave.js';
import { HOT_IDS } from './database.js';
import { HTTP_MODES, type HttpMode } from './modes.js';

const ROUNDS = 5;
const CONNECTIONS = 50;
const ROUND_SECONDS = 4;
const WARM_UP_SECONDS = 2;
const serverScript = fileURLToPath(new URL('./server.ts', import.meta.url));

/** One mode's rounds: requests per second and latency percentiles (ms). */
export interface HttpResult {
  readonly mode: HttpMode;
  readonly requestsPerSec: Samples;
  readonly p50: Samples;
  readonly p99: Samples;
}

async function startServer(
  mode: HttpMode,
  url: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', serverScript],
    {
      env: { ...process.env, MODE: mode, REDIS_URL: url },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: message.port };
}

async function load(port: number, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: `/items/${next++ % HOT_IDS}` }),
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0)
    throw new Error(
      `the server on port ${port} answered ${result.non2xx} errors, ${result.errors} failures`,
    );
  return result;
}

/**
 * A node:http JSON API over 2,000 hot ids in front of a simulated database (1 ms per query), driven
 * by autocannon with 50 connections from this process while each server runs in its own: the
 * modes take turns in every round, after a warm-up round that also fills the caches.
 */
export async function httpResults(url: string): Promise<HttpResult[]> {
  const servers = await Promise.all(HTTP_MODES.map((mode) => startServer(mode, url)));
  try {
    for (const { port } of servers) await load(port, WARM_UP_SECONDS);
    const taken = HTTP_MODES.map(() => ({
      rps: [] as number[],
      p50: [] as number[],
      p99: [] as number[],
    }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, { port }] of servers.entries()) {
        const result = await load(port, ROUND_SECONDS);
        taken[i]!.rps.push(result.requests.average);
        taken[i]!.p50.push(result.latency.p50);
        taken[i]!.p99.push(result.latency.p99);
      }
    }
    return HTTP_MODES.map((mode, i) => ({
      mode,
      requestsPerSec: summarize(mode, taken[i]!.rps),
      p50: summarize(mode, taken[i]!.p50),
      p99: summarize(mode, taken[i]!.p99),
    }));
  } finally {
    for (const { child } of servers) child.disconnect();
  }
}

/** Throughput against another mode, round by round: median and spread of the ratios. */
const versus = (result: HttpResult, other: HttpResult) => {
  const ratios = result.requestsPerSec.rounds.map(
    (rps, i) => rps / other.requestsPerSec.rounds[i]!,
  );
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
};

const spread = (samples: Samples, digits: number) =>
  `${samples.median.toFixed(digits)} (${samples.min.toFixed(digits)}–${samples.max.toFixed(digits)})`;

/** The headline table: each mode's req/s against the no-cache ceiling, p50 and p99. */
export function httpTable(results: readonly HttpResult[]): string {
  const ceiling = results.find((result) => result.mode === 'no-cache')!;
  const lines = [
    '| mode | req/s | × no-cache ceiling | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
  ];
  for (const result of results) {
    const r = versus(result, ceiling);
    lines.push(
      `| ${result.mode} | ${spread(result.requestsPerSec, 0)} | ${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)}) | ${spread(result.p50, 1)} | ${spread(result.p99, 1)} |`,
    );
  }
  return lines.join('\n');
}

/** Report rows, with the targets: ours ≥ 0.95× the ceiling and ≥ 1.2× bentocache. */
export function httpRows(results: readonly HttpResult[]): Row[] {
  const byMode = (mode: HttpMode) => results.find((result) => result.mode === mode)!;
  const ceiling = byMode('no-cache');
  const row = (result: HttpResult, against: HttpResult, bound?: number): Row => {
    const ratio = versus(result, against).median;
    return {
      group: 'HTTP',
      name: `${result.mode} vs ${against.mode} (req/s; p50 / p99)`,
      value: `${Math.round(result.requestsPerSec.median)} req/s; ${result.p50.median} / ${result.p99.median} ms`,
      baseline: `${Math.round(against.requestsPerSec.median)} req/s`,
      ratio,
      ...(bound === undefined ? {} : { target: `≥ ${bound.toFixed(2)}×`, met: ratio >= bound }),
    };
  };
  return [
    ...results
      .filter((result) => result.mode !== 'no-cache')
      .map((result) => row(result, ceiling, result.mode === 'ours' ? 0.95 : undefined)),
    row(byMode('ours'), byMode('bentocache'), 1.2),
  ];
}
