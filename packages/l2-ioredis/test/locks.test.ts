import { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type StampedeInstance, startStampedeInstance } from './stampede.js';

describe('one computation across processes (ioredis, locks on)', () => {
  let admin: Redis;
  const started: StampedeInstance[] = [];

  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterEach(() => {
    for (const instance of started.splice(0)) instance.stop();
  });
  afterAll(async () => {
    await admin.quit();
  });

  async function instances(
    count: number,
    prefix: string,
    ttlMs: number,
    waitMs: number,
    clustered = false,
  ) {
    const list = await Promise.all(
      Array.from({ length: count }, () =>
        startStampedeInstance({
          REDIS_URL: inject('redisUrl'),
          ...(clustered ? { CLUSTER_NODES: JSON.stringify(inject('clusterNodes')) } : {}),
          PREFIX: prefix,
          LOCK_TTL_MS: String(ttlMs),
          LOCK_WAIT_MS: String(waitMs),
        }),
      ),
    );
    started.push(...list);
    return list;
  }

  it('runs exactly one 20 ms computation for 8 processes × 125 callers on a cold key, 20 runs in a row', async () => {
    const prefix = `stampede-${process.pid}:`;
    const processes = await instances(8, prefix, 5_000, 5_000);
    for (let run = 0; run < 20; run++) {
      const key = `cold:${run}`;
      await admin.del(`${prefix}computations`);
      const results = await Promise.all(processes.map((instance) => instance.run(key, 125, 20)));
      expect(await admin.get(`${prefix}computations`)).toBe('1');
      expect(results.every((result) => result.rejected === 0)).toBe(true);
      expect(new Set(results.flatMap((result) => result.values)).size).toBe(1);
    }
  }, 60_000);

  it('runs exactly one computation for 8 processes × 125 callers on a 3-master Cluster, 20 runs in a row', async () => {
    const prefix = `stampede-cluster-${process.pid}:`;
    const cluster = new Cluster(inject('clusterNodes'));
    try {
      const processes = await instances(8, prefix, 5_000, 5_000, true);
      for (let run = 0; run < 20; run++) {
        const key = `cold:${run}`;
        await cluster.del(`${prefix}computations`);
        const results = await Promise.all(processes.map((instance) => instance.run(key, 125, 20)));
        expect(await cluster.get(`${prefix}computations`)).toBe('1');
        expect(results.every((result) => result.rejected === 0)).toBe(true);
      }
    } finally {
      await cluster.quit();
    }
  }, 60_000);

  it('lets another process compute within the lease TTL + 200 ms when the holder is SIGKILLed', async () => {
    const prefix = `killed-${process.pid}:`;
    const ttlMs = 1_000;
    const [holder, survivor] = await instances(2, prefix, ttlMs, 10_000);
    void holder!.run('k', 10, -1);
    await holder!.computing;
    const waiting = survivor!.run('k', 10, 20);
    holder!.child.kill('SIGKILL');
    const killedAt = Date.now();
    const result = await waiting;
    expect(result.rejected).toBe(0);
    expect(result.values).toEqual([`computed by ${survivor!.child.pid}`]);
    expect(result.at - killedAt).toBeLessThanOrEqual(ttlMs + 200);
    expect(await admin.get(`${prefix}computations`)).toBe('2');
  }, 30_000);
});
