import { createCache } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { fmtNs, type Row } from '../harness.js';
import { type Contender, interleave } from '../interleave.js';
import { L2_VALUE } from '../l2-hit.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const MISSES = 500;
/** Misses whose commands are counted, one at a time, after the write behind each settled. */
const COUNTED = 200;

/**
 * Counts what an ioredis client sends: every command, and round trips, a round trip starting
 * whenever a command leaves while no reply is outstanding (commands sent before the previous
 * reply is back, as in a pipeline, ride the same round trip).
 */
function countingClient(url: string) {
  const client = new Redis(url);
  const counts = { commands: 0, roundTrips: 0, outstanding: 0 };
  const replied = () => {
    counts.outstanding--;
  };
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: Parameters<typeof send>) => {
    counts.commands++;
    if (counts.outstanding === 0) counts.roundTrips++;
    counts.outstanding++;
    args[0].promise.then(replied, replied);
    return send(...args);
  };
  return { client, counts };
}

/**
 * `getOrCompute` on a cold key (an immediate computation), locks on against locks off, one
 * ioredis store each: time per miss in interleaved rounds, and the commands and round trips one
 * miss costs (counted at the client, one miss at a time, the write behind it included).
 */
export async function lockMissReport(url: string): Promise<{ report: PathReport; rows: Row[] }> {
  const clients = { off: countingClient(url), on: countingClient(url) };
  const caches = {
    off: createCache({
      l2: [ioredisStore({ client: clients.off.client, prefix: 'miss-off:' })],
      timeout: 5000,
    }),
    on: createCache({
      l2: [ioredisStore({ client: clients.on.client, prefix: 'miss-on:' })],
      timeout: 5000,
      lock: { ttl: '5s' },
    }),
  };
  let serial = 0;
  const miss = (cache: (typeof caches)['on']) =>
    cache.getOrCompute(`cold:${serial++}`, () => L2_VALUE, { ttl: '1m' });
  try {
    const contenders: Contender[] = (['off', 'on'] as const).map((mode) => ({
      name: `locks ${mode}`,
      sample: async () => {
        const started = process.hrtime.bigint();
        for (let i = 0; i < MISSES; i++) await miss(caches[mode]);
        return Number(process.hrtime.bigint() - started) / MISSES;
      },
    }));
    const [off, on] = await interleave(contenders, ROUNDS);
    const perMiss = { off: { commands: 0, roundTrips: 0 }, on: { commands: 0, roundTrips: 0 } };
    for (const mode of ['off', 'on'] as const) {
      const counts = clients[mode].counts;
      const before = { ...counts };
      for (let i = 0; i < COUNTED; i++) {
        await miss(caches[mode]);
        // The shared-tier write goes behind the caller: let it land before the next miss.
        while (counts.outstanding > 0) await new Promise((resolve) => setImmediate(resolve));
      }
      perMiss[mode].commands = (counts.commands - before.commands) / COUNTED;
      perMiss[mode].roundTrips = (counts.roundTrips - before.roundTrips) / COUNTED;
    }
    const rows: Row[] = (['commands', 'roundTrips'] as const).map((what) => {
      const [offCount, onCount] = [perMiss.off[what], perMiss.on[what]];
      return {
        group: 'getOrCompute miss',
        name: `${what === 'commands' ? 'commands' : 'round trips'} per miss, locks on vs off`,
        value: onCount.toFixed(2),
        baseline: offCount.toFixed(2),
        ratio: onCount / offCount,
        ...(what === 'roundTrips' ? { target: '≤ +1', met: onCount - offCount <= 1 } : {}),
      };
    });
    const report: PathReport = {
      path: 'getOrCompute miss',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)}/miss`,
      baseline: off!,
      otherRaws: [],
      ours: [on!],
      peers: [],
    };
    return { report, rows };
  } finally {
    await caches.off.clear();
    await caches.on.clear();
    await caches.off.close();
    await caches.on.close();
    clients.off.client.disconnect();
    clients.on.client.disconnect();
  }
}
