import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { fmtNs } from '../harness.js';
import { interleave, timeOps } from '../interleave.js';
import { L2_VALUE } from '../l2-hit.js';
import { bentocachePeer, cacheablePeer, cacheManagerPeer } from '../peers.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const OPS = 100_000;
const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);

/**
 * L1 hit with Redis behind every library (each with its own memory L1), against
 * `await lru.get(k)` on lru-cache itself, in interleaved rounds.
 */
export async function l1PeerReport(url: string): Promise<PathReport> {
  const lru = new LRUCache<string, object>({ max: 10_000, ttl: 3_600_000 });
  const client = new Redis(url);
  const viaLru = createCache({
    l1: lruStore({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'l1-ours-lru:' })],
  });
  const viaMemory = createCache({
    l1: memoryL1Store({ maxEntries: 10_000 }),
    l2: [ioredisStore({ client, prefix: 'l1-ours-mem:' })],
  });
  const peers = [
    bentocachePeer({ url, l1: true, prefix: 'l1-bento' }),
    cacheManagerPeer({ url, l1: true, prefix: 'l1-cm' }),
    cacheablePeer({ url, l1: true, prefix: 'l1-cacheable' }),
  ];
  try {
    for (const key of KEYS) {
      lru.set(key, L2_VALUE);
      await viaLru.set(key, L2_VALUE, { ttl: '1h' });
      await viaMemory.set(key, L2_VALUE, { ttl: '1h' });
      for (const peer of peers) await peer.set(key, L2_VALUE);
    }
    const key = (i: number) => KEYS[i % KEYS.length]!;
    const [baseline, ...rest] = await interleave(
      [
        { name: 'await lru.get', sample: () => timeOps(async (i) => await lru.get(key(i)), OPS) },
        { name: 'l1-lru + ioredisStore', sample: () => timeOps((i) => viaLru.get(key(i)), OPS) },
        {
          name: 'core memory L1 + ioredisStore',
          sample: () => timeOps((i) => viaMemory.get(key(i)), OPS),
        },
        ...peers.map((peer) => ({
          name: peer.name,
          sample: () => timeOps((i) => peer.get(key(i)), OPS),
        })),
      ],
      ROUNDS,
    );
    return {
      path: 'L1 hit',
      higherIsBetter: false,
      format: (ns) => `${fmtNs(ns)}/op`,
      baseline: baseline!,
      otherRaws: [],
      ours: rest.slice(0, 2),
      peers: rest.slice(2),
      target: { bound: 2, label: '≤ 2.00×' },
    };
  } finally {
    await Promise.all([viaLru.close(), viaMemory.close(), ...peers.map((peer) => peer.close())]);
    client.disconnect();
  }
}
