import { waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const prefix = `ioredis-coalesce-${process.pid}:`;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (entry: { value: Uint8Array } | undefined) =>
  entry === undefined ? undefined : new TextDecoder().decode(entry.value);

/** The commands Redis executed on keys under `prefix`, seen through MONITOR, in order. */
async function watchCommands(url: string) {
  const monitor = await new Redis(url).monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.slice(1).some((arg) => String(arg).startsWith(prefix))) seen.push(args.map(String));
  });
  const marker = `${prefix}end:${Math.random()}`;
  return {
    /** Every command seen so far, once a marker sent after them has come through. */
    async commands(admin: Redis): Promise<string[][]> {
      await admin.exists(marker);
      await waitUntil('MONITOR to show the marker', async () =>
        seen.some((args) => args[1] === marker),
      );
      return seen.filter((args) => args[1] !== marker);
    },
    stop: () => monitor.disconnect(),
  };
}

describe('ioredisStore coalesces the reads of one tick', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await admin.quit();
  });

  const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);

  it('sends 64 concurrent reads as one GET and one MGET, each caller getting its own value', async () => {
    const store = ioredisStore({ url: inject('redisUrl'), prefix });
    const watch = await watchCommands(inject('redisUrl'));
    try {
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const entries = await Promise.all([
        ...keys.map((key) => store.get(key)),
        store.get('absent'),
      ]);
      expect(entries.map(text)).toEqual([...keys, undefined]);
      expect(entries[10]!.ttlMs).toBeGreaterThan(50_000);
      const reads = (await watch.commands(admin)).filter(([name]) => /^m?get$/i.test(name!));
      expect(reads.map(([name, ...args]) => [name!.toLowerCase(), args.length])).toEqual([
        ['get', 1],
        ['mget', 64],
      ]);
    } finally {
      watch.stop();
      await store.clear();
      await store.close();
    }
  });

  it('sends one GET per read with coalesceReads: false', async () => {
    const store = ioredisStore({ url: inject('redisUrl'), prefix, coalesceReads: false });
    const watch = await watchCommands(inject('redisUrl'));
    try {
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const entries = await Promise.all(keys.slice(0, 3).map((key) => store.get(key)));
      expect(entries.map(text)).toEqual(keys.slice(0, 3));
      const reads = (await watch.commands(admin)).filter(([name]) => /^m?get$/i.test(name!));
      expect(reads.map(([name]) => name!.toLowerCase())).toEqual(['get', 'get', 'get']);
    } finally {
      watch.stop();
      await store.clear();
      await store.close();
    }
  });

  it('rejects every read of a batch on a closed store instead of leaving one pending', async () => {
    const store = ioredisStore({ url: inject('redisUrl'), prefix });
    await store.set('k0', bytes('k0'), 60_000);
    await store.close();
    const settled = await Promise.allSettled(keys.slice(0, 5).map((key) => store.get(key)));
    expect(settled.map((result) => result.status)).toEqual(Array(5).fill('rejected'));
    await admin.del(`${prefix}k0`);
  });
});
