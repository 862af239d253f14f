/**
 * Health monitoring: healthCheck() with Redis up, then a cache whose Redis is unreachable. As in
 * the Rust crate the cache stays healthy while L1 works; `status` tells the whole truth
 * ('ok', 'degraded' with each tier's reason, or 'down'), the stats show the L2 tier down, every
 * failure is counted and emitted as an 'error' event, and reads still answer (fail-open): from
 * L1, or by computing.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run health-monitoring
 */
import { strict as assert } from 'node:assert';
import { createCache, type HealthReport, type MultiTierCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { freePort } from '@multi-tier-cache/test-servers';
import { runExample } from '../shared/run-example.js';
import { traceTiers } from '../shared/tier-trace.js';

function printHealth(report: HealthReport): void {
  console.log(`  status: ${report.status} (readiness: not 'down'; alert when not 'ok')`);
  console.log(`  healthy: ${report.healthy} (follows L1, as in the Rust crate)`);
  console.log(
    `  L1 ${report.l1.name}: ${report.l1.status}${report.l1.reason ? ` (${report.l1.reason})` : ''}`,
  );
  for (const tier of report.tiers) {
    const state =
      tier.status === 'ok'
        ? `ok, ping ${tier.latencyMs?.toFixed(2)} ms`
        : `${tier.status} (${tier.reason})`;
    console.log(`  L2 ${tier.name}: ${state}`);
  }
}

function printTierStats(cache: MultiTierCache): void {
  for (const tier of cache.stats().tiers) {
    console.log(
      `  stats().tiers ${tier.name}: errors ${tier.errors}, timeouts ${tier.timeouts}, hits ${tier.hits}, circuitOpen ${tier.circuitOpen}`,
    );
  }
}

await runExample('health-monitoring', async ({ redisUrl, defer }) => {
  // 1. Redis up.
  const cache = createCache({
    l1: lruStore(),
    l2: [ioredisStore({ url: redisUrl, prefix: 'examples:health:' })],
  });
  defer(() => cache.close());
  await cache.set('greeting', 'hello');
  const up = await cache.healthCheck();
  console.log('\nwith Redis up:');
  printHealth(up);
  assert.equal(up.healthy, true);
  assert.equal(up.status, 'ok');
  assert.equal(up.tiers[0]?.healthy, true, 'Redis answers PING');

  // 2. Redis unreachable: a port nobody listens on.
  const deadPort = await freePort();
  const deadUrl = `redis://127.0.0.1:${deadPort}`;
  const broken = createCache({
    l1: lruStore(),
    l2: [ioredisStore({ url: deadUrl, prefix: 'examples:health:', connectTimeout: 500 })],
    timeout: 200, // each shared-tier call gives up after 200 ms
    breaker: { failureThreshold: 3, cooldownMs: 5000 },
  });
  defer(() => broken.close());
  const errors: string[] = [];
  broken.on('error', ({ tier, operation, error }) => {
    errors.push(`${tier}.${operation}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const trace = traceTiers(broken);
  console.log(`\nwith Redis unreachable (${deadUrl}, nobody listens there):`);

  const started = performance.now();
  await broken.set('session:1', { user: 42 }, { ttl: '1m' });
  console.log(
    `  set session:1 resolved in ${(performance.now() - started).toFixed(0)} ms (L1 written, L2 failed)`,
  );
  const session = await broken.get<{ user: number }>('session:1');
  console.log(`  get session:1 -> ${JSON.stringify(session)} (answered by ${trace.take()})`);
  assert.deepEqual(session, { user: 42 }, 'writes reach L1 even when L2 fails');

  let computed = 0;
  const profile = await broken.getOrCompute('profile:7', () => {
    computed++;
    return { id: 7, plan: 'pro' };
  });
  console.log(
    `  getOrCompute profile:7 -> ${JSON.stringify(profile)} (${trace.take()}, computed ${computed}x)`,
  );
  assert.deepEqual(profile, { id: 7, plan: 'pro' });

  const missing = await broken.get('nothing-here');
  console.log(`  get nothing-here -> ${String(missing)} (a miss, not an exception)`);
  assert.equal(missing, undefined);

  const down = await broken.healthCheck();
  console.log('\n  healthCheck():');
  printHealth(down);
  printTierStats(broken);
  console.log(`  'error' events received: ${errors.length}`);
  for (const line of errors.slice(0, 4)) console.log(`    ${line}`);
  if (errors.length > 4) console.log(`    ... and ${errors.length - 4} more`);

  assert.equal(down.healthy, true, 'the cache is healthy while L1 works');
  assert.equal(down.tiers[0]?.healthy, false, 'the L2 tier is reported down');
  assert.equal(down.status, 'degraded', 'status says the cache runs without its shared tier');
  assert.equal(down.tiers[0]?.status, 'down');
  assert.match(down.tiers[0]?.reason ?? '', /ping failed/, 'the reason says what failed');
  const tierStats = broken.stats().tiers[0];
  assert.ok(tierStats !== undefined && tierStats.errors > 0, 'failures are counted per tier');
  assert.ok(errors.length > 0, "failures are emitted as 'error' events");

  const failedOps = new Set(errors.map((line) => line.split(':')[0]));
  console.log(`  failed operations seen: ${[...failedOps].join(', ')}`);
});
