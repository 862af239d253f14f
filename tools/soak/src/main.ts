// The chaos soak: three cache processes (ioredis, node-redis, ioredis + memcached) with an L1 and
// the Redis bus over one cache Redis and one memcached, a versioned source of truth on a Redis
// that is never faulted, random faults from a printed seed, and the staleness invariants checked
// all along. Usage: pnpm soak [--seconds N] [--seed S] [--bound MS] [--every MIN-MAX] [--faults off] [--patterns off] [--memcached all|w3] [--trace]
import { type ChildProcess, fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startMemcached, startRedis } from '@multi-tier-cache/test-servers';
import { FAULTS, type FaultName, runFault } from './faults.js';
import { allKeys } from './keys.js';
import { between, seededRandom } from './random.js';
import type { WorkerStats } from './stats.js';
import { TierChecker } from './tiers.js';
import { Truth } from './truth.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

const seconds = Number(argument('seconds') ?? 60);
const seed = Number(argument('seed') ?? randomInt(1, 2 ** 31));
const boundMs = Number(argument('bound') ?? 1000);
const [everyMin, everyMax] = (argument('every') ?? '4-12').split('-').map(Number) as [
  number,
  number,
];
const patterns = argument('patterns') ?? 'on';
// `--faults off`: the invariants with every server up (cross-instance races alone).
const faultsOn = argument('faults') !== 'off';
// Every worker has the same tiers (Redis, then memcached): a fleet whose instances have different
// shared tiers is not supported. `--memcached w3` gives memcached to w3 alone, to see why: writes
// from w1 and w2 never reach it, so w3 keeps and promotes what they replaced.
const memcachedEverywhere = argument('memcached') !== 'w3';
// `--trace`: each worker prints what it saw of a key for every stale read L1 answered.
const traceOn = process.argv.includes('--trace');
const settleMs = 3000;
// Faults and samples draw from their own sequences, so the faults of a seed do not depend on timing.
const random = seededRandom(seed);
const sampleRandom = seededRandom(seed ^ 0x5eed);
const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;

console.log(
  `soak: ${seconds} s, seed ${seed}, bound ${boundMs} ms, ${faultsOn ? `a fault every ${everyMin}-${everyMax} s` : 'no faults'}, pattern invalidations ${patterns}, memcached on ${memcachedEverywhere ? 'every worker' : 'w3'}`,
);

const [truthServer, redis, memcached] = await Promise.all([
  startRedis(),
  startRedis({ persistent: true }),
  startMemcached(),
]);
const truth = new Truth(truthServer.url);
const tiers = new TierChecker(redis.url, memcached.address, truth, settleMs);

interface Worker {
  name: string;
  child: ChildProcess;
  stats: WorkerStats | undefined;
  firstHeap: number | undefined;
  maxHeap: number;
  exited: boolean;
  done: Promise<void>;
}

const kinds = ['ioredis', 'node-redis', 'ioredis-memcached'] as const;
const workers: Worker[] = kinds.map((kind, index) => {
  const name = `w${index + 1}-${kind}`;
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
    execArgv: ['--conditions=@multi-tier-cache/source', '--import', 'tsx'],
    env: {
      ...process.env,
      NAME: name,
      KIND: kind,
      CACHE_URL: redis.url,
      TRUTH_URL: truthServer.url,
      MEMCACHED: memcached.address,
      SEED: String(seed + index + 1),
      BOUND_MS: String(boundMs),
      CHANNEL: 'soak:bus',
      PATTERNS: patterns,
      MEMCACHED_EVERYWHERE: memcachedEverywhere ? 'yes' : 'no',
      TRACE: traceOn ? 'yes' : 'no',
    },
  });
  const worker: Worker = {
    name,
    child,
    stats: undefined,
    firstHeap: undefined,
    maxHeap: 0,
    exited: false,
    done: Promise.resolve(),
  };
  worker.done = new Promise((resolve) => {
    child.on('message', (message: { type: string; stats?: WorkerStats }) => {
      if (message.stats === undefined) return;
      worker.stats = message.stats;
      const heap = message.stats.heapUsed;
      // The heap after ten seconds of warm-up is the baseline.
      if (worker.firstHeap === undefined && Date.now() - started > 10_000) worker.firstHeap = heap;
      worker.maxHeap = Math.max(worker.maxHeap, heap);
      if (message.type === 'done') resolve();
    });
    child.once('exit', (code, signal) => {
      worker.exited = true;
      if (code !== 0) console.log(`${since()}  worker ${name} exited (${code ?? signal})`);
      resolve();
    });
  });
  return worker;
});
// Interrupted, the servers and workers must not outlive the run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
process.once('exit', () => {
  for (const worker of workers) if (!worker.exited) worker.child.kill('SIGKILL');
});

await Promise.all(
  workers.map(
    (worker) =>
      new Promise<void>((resolve) =>
        worker.child.on('message', (message: { type: string }) => {
          if (message.type === 'ready') resolve();
        }),
      ),
  ),
);
console.log(`${since()}  workers ready`);

const faultsEnd = started + seconds * 1000 - settleMs - 2000;
const faultCounts = new Map<FaultName, number>();
let sampling = true;

async function driveFaults(): Promise<void> {
  while (faultsOn) {
    const waitMs = between(random, everyMin * 1000, everyMax * 1000);
    if (Date.now() + waitMs > faultsEnd) return;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const fault = FAULTS[between(random, 0, FAULTS.length - 1)]!;
    faultCounts.set(fault, (faultCounts.get(fault) ?? 0) + 1);
    try {
      console.log(`${since()}  ${await runFault(fault, { redis, memcached, workers }, random)}`);
    } catch (error) {
      console.log(`${since()}  ${fault} failed: ${String(error)}`);
    }
  }
}

async function sample(): Promise<void> {
  const keys = allKeys();
  while (sampling) {
    await tiers.check(keys[between(sampleRandom, 0, keys.length - 1)]!).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sampler = sample();
await driveFaults();
await new Promise((resolve) =>
  setTimeout(resolve, Math.max(0, started + seconds * 1000 - Date.now())),
);
for (const worker of workers) worker.child.send({ type: 'stop' });
await Promise.race([
  Promise.all(workers.map((worker) => worker.done)),
  new Promise((resolve) => setTimeout(resolve, 15_000)),
]);
sampling = false;
await sampler;
// Writes are over: whatever a tier still holds now must be the latest version.
await new Promise((resolve) => setTimeout(resolve, settleMs));
await tiers.sweep();

let stale = 0;
let staleFromL1 = 0;
let rejected = 0;
let lost = 0;
console.log(
  '\nworker                  reads  l1Hits  writes patterns  stale (L1) rejected  heap MB (10 s → end, max)',
);
for (const worker of workers) {
  const s = worker.stats;
  if (s === undefined || !worker.exited) lost++;
  if (s === undefined) {
    console.log(`${worker.name.padEnd(22)} no report`);
    continue;
  }
  stale += s.stale;
  staleFromL1 += s.staleFromL1;
  rejected += s.rejected;
  const mb = (bytes: number | undefined) => ((bytes ?? 0) / 2 ** 20).toFixed(1);
  console.log(
    `${worker.name.padEnd(22)} ${String(s.reads).padStart(6)} ${String(s.l1Hits).padStart(7)} ${String(s.writes).padStart(7)} ${String(s.patterns).padStart(8)} ${String(s.stale).padStart(6)} ${`(${s.staleFromL1})`.padStart(5)} ${String(s.rejected).padStart(8)}  ${mb(worker.firstHeap)} → ${mb(s.heapUsed)}, ${mb(worker.maxHeap)}`,
  );
  for (const example of s.examples) console.log(`    ${example}`);
}
console.log(
  `\nfaults: ${[...faultCounts].map(([fault, count]) => `${fault} ×${count}`).join(', ') || 'none'}`,
);
console.log(`resurrections: ${tiers.found.size} (of ${tiers.checks} tier samples)`);
for (const found of [...tiers.found].slice(0, 10)) console.log(`    ${found}`);
console.log(
  `seed ${seed}: stale reads past ${boundMs} ms ${stale} (from L1 ${staleFromL1}), resurrections ${tiers.found.size}, rejected reads ${rejected}, workers lost ${lost}`,
);

await tiers.close();
await truth.close();
await Promise.all([truthServer.stop(), redis.stop(), memcached.stop()]);
process.exit(stale + tiers.found.size + rejected + lost > 0 ? 1 : 0);
