/**
 * Cross-instance invalidation: two processes share Redis, each with its own L1 and a Redis
 * Pub/Sub bus. This process (the parent) changes data; the worker process reports what its L1
 * holds after each step:
 *
 * - updateCache pushes the new value into the worker's L1 (no miss there),
 * - invalidate removes a key from the worker's L1,
 * - invalidatePattern removes every matching key from the worker's L1,
 * - and the other way round: the worker's setWithBroadcast lands in this process's L1.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run cross-instance-invalidation
 */
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createCache } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { closeRedis, connectRedis } from '../shared/redis-client.js';
import { runExample } from '../shared/run-example.js';
import { spawnTs } from '../shared/spawn-example.js';
import { type L1Snapshot, type ParentMessage, PREFIX, type WorkerMessage } from './protocol.js';

type Reply = Extract<WorkerMessage, { type: 'reply' }>;
/** `Omit` applied to each member of a union. */
type WithoutId<M> = M extends unknown ? Omit<M, 'id'> : never;
/** A message to the worker before `request` gives it an id. */
type Request = WithoutId<ParentMessage>;

/** Request/reply over the worker's IPC channel. */
function workerClient(child: ChildProcess) {
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (error: Error) => void }
  >();
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') return;
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.type === 'error') pending?.reject(new Error(`worker: ${message.message}`));
    else pending?.resolve(message);
  });
  child.once('exit', (code) => {
    for (const { reject } of waiting.values()) reject(new Error(`worker exited with ${code}`));
    waiting.clear();
  });
  return function request(message: Request): Promise<Reply> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  };
}

/** Asks the worker for its L1 until `done` holds, or fails after `timeoutMs`. */
async function waitForWorker(
  request: ReturnType<typeof workerClient>,
  keys: readonly string[],
  done: (l1: L1Snapshot) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<{ l1: L1Snapshot; ms: number }> {
  const started = performance.now();
  for (;;) {
    const { l1 } = await request({ type: 'snapshot', keys });
    const ms = performance.now() - started;
    if (done(l1)) return { l1, ms };
    if (ms > timeoutMs)
      assert.fail(`${what} did not reach the worker within ${timeoutMs} ms: ${JSON.stringify(l1)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const show = (l1: L1Snapshot) =>
  Object.keys(l1).length === 0
    ? '(nothing)'
    : Object.entries(l1)
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
        .join('  ');

await runExample('cross-instance-invalidation', async ({ redisUrl, defer }) => {
  const keys = ['product:1', 'product:2', 'category:7:item:1', 'category:7:item:2'];

  // This process's cache.
  const client = connectRedis(redisUrl);
  defer(() => closeRedis(client));
  const l1 = lruStore();
  const bus = redisBus({ transport: ioredisTransport({ client }) });
  const cache = createCache({ l1, l2: [ioredisStore({ url: redisUrl, prefix: PREFIX })], bus });
  defer(() => cache.close());
  await bus.ready;
  await cache.clear();

  // The worker process, with the same flags this process runs with.
  const child = spawnTs('cross-instance-invalidation/worker.ts', {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, REDIS_URL: redisUrl },
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  defer(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  const request = workerClient(child);
  const ready = await new Promise<WorkerMessage>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) =>
      reject(new Error(`worker exited with ${code} before it was ready`)),
    );
  });
  assert.equal(ready.type, 'ready');
  console.log(`parent ${process.pid}: instance ${bus.instanceId}; worker ready`);

  // 0. Data in Redis; the worker reads it, so its L1 holds all four keys. A plain set tells the
  //    other instances to drop their copy; nobody holds these keys yet, so seeding skips that.
  const seed = { ttl: '10m', broadcast: false } as const;
  await cache.set('product:1', { price: 10 }, seed);
  await cache.set('product:2', { price: 20 }, seed);
  await cache.set('category:7:item:1', { name: 'lamp' }, seed);
  await cache.set('category:7:item:2', { name: 'desk' }, seed);
  const warmed = await request({ type: 'warm', keys });
  console.log(`\n0. parent set 4 keys; the worker read them. worker L1: ${show(warmed.l1)}`);
  assert.deepEqual(Object.keys(warmed.l1).sort(), [...keys].sort());

  // 1. updateCache: the new value is pushed into the worker's L1.
  await cache.updateCache('product:1', { price: 12 }, { ttl: '10m' });
  const afterUpdate = await waitForWorker(
    request,
    keys,
    (held) => (held['product:1'] as { price?: number } | undefined)?.price === 12,
    'updateCache',
  );
  console.log(`\n1. parent: updateCache('product:1', { price: 12 })`);
  console.log(
    `   worker L1 (checked ${afterUpdate.ms.toFixed(0)} ms after the call returned): ${show(afterUpdate.l1)}`,
  );
  assert.equal(Object.keys(afterUpdate.l1).length, 4, 'an update replaces, it does not remove');

  // 2. invalidate: the key is gone from the worker's L1.
  await cache.invalidate('product:2');
  const afterRemove = await waitForWorker(
    request,
    keys,
    (held) => !('product:2' in held),
    'invalidate',
  );
  console.log(`\n2. parent: invalidate('product:2')`);
  console.log(
    `   worker L1 (checked ${afterRemove.ms.toFixed(0)} ms after the call returned): ${show(afterRemove.l1)}`,
  );
  assert.deepEqual(Object.keys(afterRemove.l1).sort(), [
    'category:7:item:1',
    'category:7:item:2',
    'product:1',
  ]);

  // 3. invalidatePattern: every matching key is gone from the worker's L1 (and from Redis).
  const removedHere = await cache.invalidatePattern('category:7:*');
  const afterPattern = await waitForWorker(
    request,
    keys,
    (held) => !Object.keys(held).some((key) => key.startsWith('category:7:')),
    'invalidatePattern',
  );
  console.log(
    `\n3. parent: invalidatePattern('category:7:*') removed ${removedHere} here (L1 + Redis)`,
  );
  console.log(
    `   worker L1 (checked ${afterPattern.ms.toFixed(0)} ms after the call returned): ${show(afterPattern.l1)}`,
  );
  assert.deepEqual(afterPattern.l1, { 'product:1': { price: 12 } });
  // Redis keeps a short-lived tombstone for each (so no computation under way writes them back):
  // both read as misses.
  assert.equal(await cache.get('category:7:item:1'), undefined);
  assert.equal(await cache.get('category:7:item:2'), undefined);

  // 4. The other way round: the worker broadcasts, this process's L1 receives it.
  const started = performance.now();
  const broadcast = await request({ type: 'broadcast', key: 'config:theme', value: 'dark' });
  while (l1.get('config:theme') !== 'dark') {
    if (performance.now() - started > 5000)
      assert.fail("the worker's broadcast never reached the parent");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`\n4. worker: setWithBroadcast('config:theme', 'dark')`);
  console.log(
    `   parent L1 ${(performance.now() - started).toFixed(0)} ms after asking the worker: config:theme=${JSON.stringify(l1.get('config:theme'))}`,
  );
  console.log(`   messages the worker received: ${JSON.stringify(broadcast.received)}`);
  assert.deepEqual(broadcast.received, {
    remove: 1,
    update: 1,
    pattern: 1,
    clear: 0,
    expire: 0,
    tags: 0,
    namespace: 0,
  });

  const busStats = cache.stats().bus as
    | { sent?: number; received?: Record<string, number> }
    | undefined;
  console.log(
    `   parent bus: sent ${busStats?.sent}, received ${JSON.stringify(busStats?.received)}`,
  );

  // The worker closes everything and exits by itself.
  await request({ type: 'exit' });
  const [code] = await exited;
  console.log(`\nworker exited with code ${code}`);
  assert.equal(code, 0);
});
