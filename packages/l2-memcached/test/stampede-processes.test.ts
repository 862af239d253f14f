import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type StampedeInstance, startStampedeInstance } from './stampede.js';

describe('one computation across processes (memcached leases, locks on)', () => {
  const started: StampedeInstance[] = [];
  afterEach(() => {
    for (const instance of started.splice(0)) instance.stop();
  });

  it('runs exactly one 20 ms computation for 8 processes × 125 callers on a cold key, 20 runs in a row', async () => {
    const storeOptions = { servers: inject('memcachedUrl'), prefix: `stampede-${randomUUID()}:` };
    const processes = await Promise.all(
      Array.from({ length: 8 }, () =>
        startStampedeInstance(storeOptions, { ttlMs: 5_000, waitMs: 5_000 }),
      ),
    );
    started.push(...processes);
    for (let run = 0; run < 20; run++) {
      const key = `cold:${run}`;
      const results = await Promise.all(processes.map((instance) => instance.run(key, 125, 20)));
      const computations = results.reduce((sum, result) => sum + result.computations, 0);
      expect({ run, computations }).toEqual({ run, computations: 1 });
      expect(results.every((result) => result.rejected === 0)).toBe(true);
      expect(new Set(results.flatMap((result) => result.values)).size).toBe(1);
    }
  }, 120_000);
});
