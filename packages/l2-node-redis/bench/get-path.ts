/**
 * Micro-benchmark of ways to read a value and its remaining TTL in one round trip with node-redis,
 * against raw `client.get()` + `JSON.parse`. Run: `npx tsx packages/l2-node-redis/bench/get-path.ts`.
 */
import { startRedis } from '@multi-tier-cache/test-servers';
import { createClient, RESP_TYPES } from 'redis';
import { nodeRedisStore } from '../src/index.js';

const BUFFER = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } as const;
const SCRIPT = "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}";

const redis = await startRedis();
const client = createClient({ url: redis.url });
await client.connect();
const payload = JSON.stringify({ id: 1, name: 'Ada Lovelace', roles: ['admin', 'user'], n: 42 });
await client.set('k', payload, { PX: 600_000 });
const sha = (await client.sendCommand(['SCRIPT', 'LOAD', SCRIPT])) as string;
const decoder = new TextDecoder();
const store = nodeRedisStore({ url: redis.url, prefix: 'bench:' });
await store.set('k', new TextEncoder().encode(payload), 600_000);

type Variant = () => Promise<unknown>;
const variants: Record<string, Variant> = {
  'raw GET + JSON.parse': () =>
    client.get('k').then((v) => (v === null ? undefined : JSON.parse(v))),
  'GET+PTTL same tick, Promise.all': () =>
    Promise.all([client.sendCommand(['GET', 'k'], BUFFER), client.sendCommand(['PTTL', 'k'])]).then(
      ([v, t]) => JSON.parse(decoder.decode(v as Buffer)) && t,
    ),
  'GET+PTTL same tick, chained': () => {
    const v = client.sendCommand<Buffer | null>(['GET', 'k'], BUFFER);
    const t = client.sendCommand<number>(['PTTL', 'k']);
    return v.then(
      (value) => t.then((ttl) => JSON.parse(decoder.decode(value!)) && ttl),
      (error) => {
        t.catch(() => {});
        throw error;
      },
    );
  },
  'EVALSHA GET,PTTL': () =>
    client
      .sendCommand<[Buffer, number]>(['EVALSHA', sha, '1', 'k'], BUFFER)
      .then((r) => JSON.parse(decoder.decode(r[0])) && r[1]),
  'nodeRedisStore.get + JSON.parse': () =>
    store.get('k').then((entry) => JSON.parse(decoder.decode(entry!.value)) && entry!.ttlMs),
  'raw sendCommand GET + JSON.parse': () =>
    client
      .sendCommand<string | null>(['GET', 'k'])
      .then((v) => (v === null ? undefined : JSON.parse(v))),
  'raw GET again': () => client.get('k').then((v) => (v === null ? undefined : JSON.parse(v))),
  'multi().execAsPipeline()': () =>
    client
      .withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
      .multi()
      .get('k')
      .pTTL('k')
      .execAsPipeline()
      .then((r) => JSON.parse(decoder.decode(r[0] as Buffer)) && r[1]),
};

async function sequential(run: Variant, ms: number): Promise<number> {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await run();
    n += 100;
  }
  return (n / ms) * 1000;
}

async function concurrent(run: Variant, ms: number, callers: number): Promise<number> {
  let n = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        await run();
        n++;
      }
    }),
  );
  return (n / ms) * 1000;
}

const ms = Number(process.env.BENCH_MS ?? 400);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
for (const run of Object.values(variants)) await sequential(run, 200); // warm up
const results = new Map<string, { seq: number[]; conc: number[] }>();
for (let round = 0; round < rounds; round++) {
  const order = Object.entries(variants).sort(() => Math.random() - 0.5);
  for (const [name, run] of order) {
    const entry = results.get(name) ?? { seq: [], conc: [] };
    entry.seq.push(await sequential(run, ms));
    entry.conc.push(await concurrent(run, ms, 64));
    results.set(name, entry);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const raw = results.get('raw GET + JSON.parse')!;
for (const [name, { seq, conc }] of results) {
  const s = median(seq);
  const c = median(conc);
  console.log(
    `${name.padEnd(34)} seq ${Math.round(s).toString().padStart(7)} ops/s (${(median(raw.seq) / s).toFixed(2)}x time)   64 callers ${Math.round(c).toString().padStart(7)} ops/s (${(c / median(raw.conc)).toFixed(2)}x throughput)`,
  );
}
await store.close();
await client.close();
await redis.stop();
