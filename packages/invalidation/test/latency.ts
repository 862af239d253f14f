// Propagation latency: `invalidate` on process A → process B's L1 no longer holds the value.
// Run from the repository root:
//   node --conditions=@multi-tier-cache/source --import tsx packages/invalidation/test/latency.ts \
//     [--transport ioredis|node-redis] [--secret] [--keys 1000] [--gap-ms 1] [--raw]
// --raw measures plain ioredis PUBLISH → SUBSCRIBE between the same processes, as a baseline.
// Uses REDIS_URL when set, otherwise starts its own redis-server on a free loopback port.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, nodeRedisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { startRedis } from '@multi-tier-cache/test-servers';

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'ioredis' },
    secret: { type: 'boolean', default: false },
    keys: { type: 'string', default: '1000' },
    'gap-ms': { type: 'string', default: '1' },
    raw: { type: 'boolean', default: false },
  },
});
const count = Number(values.keys);
const server = process.env.REDIS_URL ? undefined : await startRedis();
const url = process.env.REDIS_URL ?? server!.url;
const channel = `mtc:latency:${process.pid}`;
const secret = values.secret ? 'latency-secret' : undefined;

const receiver = spawn(
  process.execPath,
  [
    '--conditions=@multi-tier-cache/source',
    '--import',
    'tsx',
    fileURLToPath(new URL('./fixtures/latency-receiver.ts', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      REDIS_URL: url,
      CHANNEL: channel,
      TRANSPORT: values.transport,
      SECRET: secret ?? '',
      KEYS: String(count),
      RAW: values.raw ? '1' : '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const messages: { ready?: boolean; removedAt?: number[] }[] = [];
const next = () =>
  new Promise<(typeof messages)[number]>((resolve) => {
    const waiting = messages.shift();
    if (waiting) resolve(waiting);
    else receiver.once('message', (message) => resolve(message as (typeof messages)[number]));
  });
await next(); // ready

const transport =
  values.transport === 'node-redis' ? nodeRedisTransport({ url }) : ioredisTransport({ url });
const bus = redisBus({ transport, channel, ...(secret ? { secret } : {}) });
const cache = createCache({ l1: memoryL1Store(), bus });
await bus.ready;

const raw = values.raw ? new (await import('ioredis')).Redis(url) : undefined;
const invalidate = raw
  ? (i: number) => raw.publish(channel, String(i))
  : (i: number) => cache.invalidate(`lat:${i}`);

// Warm up both processes (JIT, connections) before measuring.
for (let i = 0; i < 300; i++) {
  await (raw ? raw.publish(channel, '-1') : cache.invalidate(`warm:${i}`));
}
await new Promise((resolve) => setTimeout(resolve, 200));

const results = next();
const sentAt = new Array<number>(count);
const gapMs = Number(values['gap-ms']);
for (let i = 0; i < count; i++) {
  sentAt[i] = performance.timeOrigin + performance.now();
  await invalidate(i);
  await new Promise((resolve) => setTimeout(resolve, gapMs));
}
const { removedAt } = await results;
const latencies = removedAt!.map((at, i) => at - sentAt[i]!).sort((x, y) => x - y);
const quantile = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
const ms = (value: number) => `${value.toFixed(3)} ms`;
console.log(
  JSON.stringify({
    transport: values.raw ? 'raw ioredis PUBLISH (baseline)' : values.transport,
    signed: secret !== undefined,
    keys: count,
    p50: ms(quantile(0.5)),
    p90: ms(quantile(0.9)),
    p99: ms(quantile(0.99)),
    max: ms(latencies.at(-1)!),
    min: ms(latencies[0]!),
  }),
);
raw?.disconnect();
await cache.close();
await server?.stop();
