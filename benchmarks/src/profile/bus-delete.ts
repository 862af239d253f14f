import { performance } from 'node:perf_hooks';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';

/**
 * The sending side of a bus delete alone, for `node --cpu-prof`: from benchmarks/, `node
 * --conditions=@multi-tier-cache/source --import tsx --cpu-prof src/profile/bus-delete.ts <mode>
 * [ops]`, mode `ours` (cache.delete with a store and bus sharing one client), `ours-await` (the
 * same, publishing only once the delete answered) or `raw` (UNLINK then PUBLISH). Nobody subscribes: this is the sender's CPU and round trips only.
 */
const [mode = 'ours', opsArg = '50000'] = process.argv.slice(2);
const ops = Number(opsArg);
const redis = await startRedis();
const client = new Redis(redis.url);
let remove: (key: string) => Promise<unknown>;
let close: () => Promise<unknown>;
if (mode === 'raw') {
  remove = async (key) => {
    await client.unlink(key);
    await client.publish('profile-raw', key);
  };
  close = async () => {};
} else {
  const bus = redisBus({ transport: ioredisTransport({ client }), channel: 'profile-ours' });
  await bus.ready;
  const cache = createCache({
    l1: memoryL1Store(),
    l2: [
      { store: ioredisStore({ client, prefix: 'profile:' }), sharesBusConnection: mode === 'ours' },
    ],
    bus,
  });
  remove = (key) => cache.delete(key);
  close = () => cache.close();
}
for (let i = 0; i < 2000; i++) await remove(`warm-${i}`);
const started = performance.now();
for (let i = 0; i < ops; i++) await remove(`key-${i % 1000}`);
const perOp = ((performance.now() - started) * 1000) / ops;
console.log(`${mode}: ${perOp.toFixed(2)} µs per delete`);
await close();
client.disconnect();
await redis.stop();
