import { createCache, type L2Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { fmtNs, fmtOps } from '../harness.js';
import { type Contender, interleave, type Samples, timeOps } from '../interleave.js';
import { L2_KEYS, L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';
import {
  bentocachePeer,
  cacheablePeer,
  cacheManagerPeer,
  nodeRedisOptions,
  type PeerCache,
} from '../peers.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const SEQUENTIAL_OPS = 3000;
const CONCURRENT_OPS = 20_000;
const CALLERS = 64;

interface Reader {
  readonly name: string;
  readonly kind: 'raw' | 'ours' | 'peer';
  read(key: string): Promise<unknown>;
  write(key: string, value: object): Promise<unknown>;
  close(): Promise<unknown>;
}

const ours = (name: string, store: L2Store, close: () => Promise<unknown>): Reader => {
  // No L1 (a store that holds nothing): every read goes to Redis, as the peers' below.
  const cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  return {
    name,
    kind: 'ours',
    read: (key) => cache.get(key),
    write: (key, value) => cache.set(key, value, { ttl: '1h' }),
    close: async () => {
      await cache.close();
      await close();
    },
  };
};

const peer = (cache: PeerCache): Reader => ({
  name: cache.name,
  kind: 'peer',
  read: (key) => cache.get(key),
  write: (key, value) => cache.set(key, value),
  close: () => cache.close(),
});

async function readers(url: string): Promise<Reader[]> {
  const rawIoredis = new Redis(url);
  const rawNodeRedis = await createClient(nodeRedisOptions(url)).connect();
  const oursIoredis = new Redis(url);
  const oursNodeRedis = await createClient({ url }).connect();
  const peerOptions = (prefix: string) => ({ url, l1: false, prefix });
  return [
    {
      name: 'raw ioredis',
      kind: 'raw',
      read: async (key) => JSON.parse((await rawIoredis.get(`raw:${key}`))!),
      write: (key, value) => rawIoredis.set(`raw:${key}`, JSON.stringify(value), 'EX', 3600),
      close: async () => rawIoredis.disconnect(),
    },
    {
      name: 'raw node-redis',
      kind: 'raw',
      read: async (key) => JSON.parse((await rawNodeRedis.get(`raw:${key}`))!),
      write: (key, value) => rawNodeRedis.set(`raw:${key}`, JSON.stringify(value), { EX: 3600 }),
      close: async () => rawNodeRedis.destroy(),
    },
    ours(
      'ioredisStore({ client })',
      ioredisStore({ client: oursIoredis, prefix: 'ours-ioc:' }),
      async () => oursIoredis.disconnect(),
    ),
    ours('ioredisStore({ url })', ioredisStore({ url, prefix: 'ours-iou:' }), async () => {}),
    ours(
      'nodeRedisStore({ client })',
      nodeRedisStore({ client: oursNodeRedis, prefix: 'ours-nrc:' }),
      async () => oursNodeRedis.destroy(),
    ),
    peer(bentocachePeer(peerOptions('bento'))),
    peer(cacheManagerPeer(peerOptions('cm'))),
    peer(cacheablePeer(peerOptions('cacheable'))),
  ];
}

const report = (
  path: string,
  higherIsBetter: boolean,
  list: readonly Reader[],
  samples: Samples[],
  target: PathReport['target'],
): PathReport => {
  const of = (kind: Reader['kind']) => samples.filter((_, i) => list[i]!.kind === kind);
  const [baseline, ...otherRaws] = of('raw');
  return {
    path,
    higherIsBetter,
    format: higherIsBetter ? (ns) => fmtOps(1e9 / ns) : (ns) => `${fmtNs(ns)}/op`,
    baseline: baseline!,
    otherRaws,
    ours: of('ours'),
    peers: of('peer'),
    ...(target ? { target } : {}),
  };
};

/**
 * L2 hit, no L1 anywhere: raw ioredis GET + JSON.parse (the baseline), raw node-redis, our stores
 * and the peers with Redis alone, sequential and with 64 callers, in interleaved rounds.
 */
export async function l2PeerReports(url: string): Promise<PathReport[]> {
  const list = await readers(url);
  try {
    for (const reader of list) {
      for (const key of L2_KEYS) await reader.write(key, L2_VALUE);
      const back = await reader.read(L2_KEYS[0]!);
      if (JSON.stringify(back) !== JSON.stringify(L2_VALUE))
        throw new Error(`${reader.name}: the value did not round-trip`);
    }
    const contenders = (ops: number, callers: number): Contender[] =>
      list.map((reader) => ({
        name: reader.name,
        sample: () => timeOps((i) => reader.read(L2_KEYS[i % L2_KEYS.length]!), ops, callers),
      }));
    const sequential = await interleave(contenders(SEQUENTIAL_OPS, 1), ROUNDS);
    const concurrent = await interleave(contenders(CONCURRENT_OPS, CALLERS), ROUNDS);
    return [
      report('L2 hit, sequential', false, list, sequential, { bound: 1.1, label: '≤ 1.10×' }),
      report(`L2 hit, ${CALLERS} callers`, true, list, concurrent, {
        bound: 1.3,
        label: '≥ 1.30×',
      }),
    ];
  } finally {
    await Promise.all(list.map((reader) => reader.close()));
  }
}
