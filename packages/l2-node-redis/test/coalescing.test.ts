import { waitUntil } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

const prefix = `node-redis-coalesce-${process.pid}:`;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (entry: { value: Uint8Array } | undefined) =>
  entry === undefined ? undefined : new TextDecoder().decode(entry.value);

/** The commands Redis executed on keys under `prefix`, seen through MONITOR, in order. */
async function watchCommands(url: string) {
  const monitor = await createClient({ url }).connect();
  const seen: string[][] = [];
  await monitor.monitor((line) => {
    const args = [...String(line).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!);
    if (args.slice(1).some((arg) => arg.startsWith(prefix))) seen.push(args);
  });
  const marker = `${prefix}end:${Math.random()}`;
  return {
    /** Every command seen so far, once a marker sent after them has come through. */
    async commands(admin: { exists(key: string): Promise<unknown> }): Promise<string[][]> {
      await admin.exists(marker);
      await waitUntil('MONITOR to show the marker', async () =>
        seen.some((args) => args[1] === marker),
      );
      return seen.filter((args) => args[1] !== marker);
    },
    stop: () => monitor.destroy(),
  };
}

describe('nodeRedisStore coalesces the reads of one tick', () => {
  const admin = createClient({ url: inject('redisUrl') });
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(() => {
    admin.destroy();
  });

  const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);

  it('sends 64 concurrent reads as one GET and one MGET, each caller getting its own value', async () => {
    const store = nodeRedisStore({ url: inject('redisUrl'), prefix });
    const watch = await watchCommands(inject('redisUrl'));
    try {
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const entries = await Promise.all([
        ...keys.map((key) => store.get(key)),
        store.get('absent'),
      ]);
      expect(entries.map(text)).toEqual([...keys, undefined]);
      expect(entries[10]!.ttlMs).toBeGreaterThan(50_000);
      const commands = await watch.commands(admin);
      const reads = commands.filter(([name]) => /^(m?get|multi|exec)$/i.test(name!));
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
    const store = nodeRedisStore({ url: inject('redisUrl'), prefix, coalesceReads: false });
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
});
