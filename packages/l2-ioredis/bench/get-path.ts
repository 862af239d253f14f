/**
 * Micro-benchmark behind the choice of the `get` path: raw `redis.get(k)` + JSON.parse on a plain
 * ioredis client, against reading bytes and remaining TTL in one round trip (explicit pipeline,
 * implicitly pipelined GET+PTTL pair, Lua script) and against the shipped `ioredisStore().get`.
 * The machine is shared, so variants run interleaved in many short trials and the best trial of
 * each is reported. Run from the repo root:
 *   npx tsx --conditions=@multi-tier-cache/source packages/l2-ioredis/bench/get-path.ts
 */
import type { L2Store } from '@multi-tier-cache/core';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis, type RedisOptions } from 'ioredis';
import { GET_WITH_TTL_SCRIPT } from '../src/get-with-ttl.js';
import { ioredisStore } from '../src/ioredis-store.js';

type Read = (key: string) => Promise<unknown>;
const decode = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));

const server = await startRedis();
const storeOptions: RedisOptions = {
  ...(process.env.CT ? { commandTimeout: Number(process.env.CT) } : {}),
  ...(process.env.ST ? { socketTimeout: Number(process.env.ST) } : {}),
  enableAutoPipelining: process.env.AUTO === '1',
};
const raw = new Redis(server.url);
const ours = new Redis(server.url, storeOptions);
const sha = (await ours.script('LOAD', GET_WITH_TTL_SCRIPT)) as string;
const stores: Record<string, L2Store> = {
  'ioredisStore().get': ioredisStore({ url: server.url, prefix: '' }),
  'ioredisStore({ commandTimeout: 0 }).get': ioredisStore({
    url: server.url,
    prefix: '',
    commandTimeout: 0,
  }),
  'ioredisStore({ remainingTtl: false }).get': ioredisStore({
    url: server.url,
    prefix: '',
    remainingTtl: false,
  }),
  '…({ remainingTtl: false, commandTimeout: 0 })': ioredisStore({
    url: server.url,
    prefix: '',
    remainingTtl: false,
    commandTimeout: 0,
  }),
};
const scripted = ours as unknown as {
  evalshaBuffer(...args: unknown[]): Promise<[Buffer, number] | null>;
};

const readers: Record<string, Read> = {
  'raw get + JSON.parse': async (key) => {
    const text = await raw.get(key);
    return text === null ? undefined : JSON.parse(text);
  },
  'pipeline() GET+PTTL': async (key) => {
    const replies = await ours.pipeline().getBuffer(key).pttl(key).exec();
    const value = replies![0]![1] as Buffer | null;
    return value === null ? undefined : [decode(value), replies![1]![1]];
  },
  'GET,PTTL pair (implicit pipelining)': async (key) => {
    const value = ours.getBuffer(key);
    const ttl = await ours.pttl(key);
    const bytes = await value;
    return bytes === null ? undefined : [decode(bytes), ttl];
  },
  'corked GET,PTTL pair': async (key) => {
    const stream = (ours as unknown as { stream: import('node:net').Socket }).stream;
    stream.cork();
    const value = ours.getBuffer(key);
    const ttl = ours.pttl(key);
    stream.uncork();
    const bytes = await value;
    return bytes === null ? undefined : [decode(bytes), await ttl];
  },
  'lua EVALSHA GET+PTTL': async (key) => {
    const reply = await scripted.evalshaBuffer(sha, 1, key);
    return reply === null ? undefined : [decode(reply[0]), reply[1]];
  },
  ...Object.fromEntries(
    Object.entries(stores).map(([name, store]): [string, Read] => [
      name,
      async (key) => {
        const entry = await store.get(key);
        return entry === undefined ? undefined : [decode(entry.value as Buffer), entry.ttlMs];
      },
    ]),
  ),
};
const only = process.env.ONLY?.split(',');
for (const name of Object.keys(readers)) {
  if (only && name !== 'raw get + JSON.parse' && !only.some((o) => name.includes(o)))
    delete readers[name];
}

async function sequential(read: Read, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await read(`bench:${i % 100}`);
  return ((performance.now() - start) * 1000) / n;
}

async function concurrent(read: Read, total: number, callers = 64): Promise<number> {
  let issued = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (issued < total) await read(`bench:${issued++ % 100}`);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

const payload = JSON.stringify({ id: 1, name: 'Ada Lovelace', roles: ['admin', 'user'], n: 42 });
for (let i = 0; i < 100; i++) await raw.set(`bench:${i}`, payload, 'PX', 600_000);
for (const read of Object.values(readers)) await sequential(read, 2000);
const rounds = Number(process.env.ROUNDS ?? 15);
const seq: Record<string, number[]> = {};
const ops: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, read] of Object.entries(readers)) {
    seq[name] = [...(seq[name] ?? []), await sequential(read, 3000)];
    ops[name] = [...(ops[name] ?? []), await concurrent(read, 15_000)];
  }
}
const min = (xs: number[]) => Math.min(...xs);
const max = (xs: number[]) => Math.max(...xs);
const baseSeq = min(seq['raw get + JSON.parse']!);
const baseOps = max(ops['raw get + JSON.parse']!);
console.log(
  `options of the client behind the pipeline, pair and lua rows: ${JSON.stringify(storeOptions)}`,
);
for (const name of Object.keys(readers)) {
  const s = min(seq[name]!);
  const o = max(ops[name]!);
  console.log(
    `${name.padEnd(36)} sequential ${s.toFixed(1).padStart(5)} µs/op (${(s / baseSeq).toFixed(2)}x)   ` +
      `64 callers ${String(Math.round(o)).padStart(6)} op/s (${(o / baseOps).toFixed(2)}x)`,
  );
}
raw.disconnect();
ours.disconnect();
await Promise.all(Object.values(stores).map((store) => store.close()));
await server.stop();
