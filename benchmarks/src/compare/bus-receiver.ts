// The other instance of the bus benchmark (a process of its own): holds the round's keys in its
// L1 and reports, for each, when a delete from the sending process reached it.
//   MODE=raw: SUBSCRIBE on plain ioredis, no cache (the baseline)
//   MODE=ours: createCache with memory L1, ioredisStore and redisBus; the 'invalidation' event
//   MODE=bentocache: memory L1, Redis L2 and Redis bus; its 'bus:message:received' event
import { performance } from 'node:perf_hooks';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { createBentocache } from '../peers.js';
import {
  BUS_PREFIX,
  type BusCommand,
  type BusReply,
  busKey,
  OURS_CHANNEL,
  parseBusKey,
  RAW_CHANNEL,
} from './bus-protocol.js';

const { REDIS_URL: url, MODE: mode } = process.env;
const send = (reply: BusReply) => process.send!(reply);
const now = () => performance.timeOrigin + performance.now();

let receivedAt: number[] = [];
let expected = 0;
let round = -1;
const arrived = (key: string, at: number) => {
  const parsed = parseBusKey(key);
  if (parsed.round !== round) return;
  receivedAt[parsed.index] = at;
  if (--expected === 0) send({ receivedAt });
};

let prepare: (keys: string[]) => Promise<unknown>;
let close: () => Promise<unknown>;
if (mode === 'raw') {
  const client = new Redis(url!);
  const subscriber = new Redis(url!);
  subscriber.on('message', (_channel, key: string) => arrived(key, now()));
  await subscriber.subscribe(RAW_CHANNEL);
  prepare = (keys) => client.mset(keys.flatMap((key) => [key, '1']));
  close = async () => {
    client.disconnect();
    subscriber.disconnect();
  };
} else if (mode === 'ours') {
  const client = new Redis(url!);
  const bus = redisBus({ transport: ioredisTransport({ client }), channel: OURS_CHANNEL });
  const cache = createCache({
    l1: memoryL1Store({ maxEntries: 100_000 }),
    l2: [ioredisStore({ client, prefix: BUS_PREFIX })],
    bus,
  });
  cache.on('invalidation', ({ message, origin }) => {
    if (origin !== 'remote' || message.type !== 'remove') return;
    const at = now();
    for (const key of message.keys) arrived(key, at);
  });
  await bus.ready;
  prepare = (keys) => Promise.all(keys.map((key) => cache.set(key, 1, { ttl: '1h' })));
  close = async () => {
    await cache.close();
    client.disconnect();
  };
} else {
  const bento = createBentocache({ url: url!, l1: true, bus: true, prefix: BUS_PREFIX });
  bento.on('bus:message:received', ({ message }) => {
    if (message.type !== 'delete') return;
    // Fired just before the synchronous L1 delete: take the time once that has run.
    queueMicrotask(() => {
      const at = now();
      for (const key of message.keys) arrived(key, at);
    });
  });
  prepare = (keys) => Promise.all(keys.map((key) => bento.set({ key, value: 1 })));
  close = () => bento.disconnectAll();
}

process.on('message', async (command: BusCommand) => {
  if (command.type === 'close') {
    await close();
    process.exit(0);
  }
  round = command.round;
  expected = command.count;
  receivedAt = new Array<number>(command.count);
  const keys = Array.from({ length: command.count }, (_, i) => busKey(command.round, i));
  await prepare(keys);
  send({ prepared: true });
});
send({ ready: true });
