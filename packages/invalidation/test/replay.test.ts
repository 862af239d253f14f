import { randomUUID } from 'node:crypto';
import {
  type BusReconnectMessage,
  createCache,
  diagnosticsChannels,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import * as vitest from 'vitest';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ioredisTransport,
  type NodeRedisClientLike,
  nodeRedisTransport,
  type RedisBus,
  redisBus,
  type Transport,
} from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

const url = vitest.inject('redisUrl');
/** How often a refused reconnection is retried. */
const RETRY_MS = 200;
const cleanup: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/**
 * A transport logged in as its own ACL user, so that the test can keep its subscriber out: the
 * user is disabled, the connection killed, and reconnections are refused until it is enabled.
 */
async function ownUser(client: 'ioredis' | 'node-redis', name: string): Promise<Transport> {
  await admin((redis) => redis.acl('SETUSER', name, 'on', '>pw', '~*', '&*', '+@all'));
  const login = new URL(url);
  login.username = name;
  login.password = 'pw';
  if (client === 'ioredis') {
    const redis = new Redis(login.href, { connectionName: name, retryStrategy: () => RETRY_MS });
    redis.on('error', () => {});
    cleanup.push(() => redis.disconnect());
    return ioredisTransport({ client: redis });
  }
  const redis = createClient({
    url: login.href,
    name,
    socket: { reconnectStrategy: () => RETRY_MS },
  });
  redis.on('error', () => {});
  await redis.connect();
  cleanup.push(() => redis.destroy());
  return nodeRedisTransport({ client: redis as unknown as NodeRedisClientLike });
}

async function admin<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url);
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

/** Kills the subscriber connection of user `name` and refuses its reconnections. */
function shutOut(name: string): Promise<void> {
  return admin(async (redis) => {
    await redis.acl('SETUSER', name, 'off');
    const list = (await redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${name} `) && /\bsub=[1-9]/.test(line))
      .map((line) => /id=(\d+)/.exec(line)![1]!);
    if (ids.length === 0) throw new Error('no subscriber connection found');
    for (const id of ids) await redis.client('KILL', 'ID', id);
  });
}

function letIn(name: string): Promise<unknown> {
  return admin((redis) => redis.acl('SETUSER', name, 'on'));
}

async function setup(client: 'ioredis' | 'node-redis', maxLen: number) {
  const channel = uniqueChannel();
  const name = `replay-${randomUUID()}`;
  const replay = { maxLen };
  const writerBus = redisBus({ transport: ioredisTransport({ url }), channel, replay });
  const readerBus: RedisBus = redisBus({
    transport: await ownUser(client, name),
    channel,
    replay,
    retryIntervalMs: 100,
  });
  await Promise.all([writerBus.ready, readerBus.ready]);
  const writer = createCache({ l1: memoryL1Store(), bus: writerBus });
  const reader: MultiTierCache = createCache({ l1: memoryL1Store(), bus: readerBus });
  cleanup.push(async () => {
    await Promise.all([writer.close(), reader.close()]);
    await Promise.all([writerBus.close(), readerBus.close()]);
    await admin((redis) => redis.acl('DELUSER', name));
  });
  for (let i = 0; i < 1000; i++) await reader.set(`item:${i}`, i, { ttl: '10m' });
  return { writer, reader, readerBus, name };
}

const invalidated = (count: number) => Array.from({ length: count }, (_, i) => `item:${i * 3}`);

for (const client of ['ioredis', 'node-redis'] as const) {
  describe(`replay after a subscriber gap (${client})`, () => {
    test('replays what was missed and keeps the rest of L1', async () => {
      const { writer, reader, readerBus, name } = await setup(client, 10_000);
      await shutOut(name);
      await until('the gap to begin', () => !readerBus.stats().subscribed);
      for (const key of invalidated(100)) await writer.invalidate(key);
      await new Promise((resolve) => setTimeout(resolve, 2000)); // a gap of seconds, not a blip
      // Traffic while the subscriber comes back: messages heard before the replay ran must not
      // move its position past what the gap lost.
      let flowing = true;
      const traffic = (async () => {
        for (let i = 0; flowing; i++) await writer.invalidate(`live:${i}`);
      })();
      await letIn(name);
      await until('the gap to be replayed', () => readerBus.stats().replay!.replays === 1);
      flowing = false;
      await traffic;

      for (const key of invalidated(100)) expect(await reader.get(key)).toBeUndefined();
      const kept = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 !== 0 || i >= 300);
      for (const i of kept) expect(await reader.get(`item:${i}`)).toBe(i);
      expect(readerBus.stats().replay).toMatchObject({ clears: 0 });
      expect(readerBus.stats().replay!.lastReplayed).toBeGreaterThanOrEqual(100);
      expect(readerBus.stats().replay!.lastGapMs).toBeGreaterThan(0);
    });

    test('a replayed gap is reported as a reconnect with its downtime and what it replayed', async () => {
      const { writer, readerBus, name } = await setup(client, 10_000);
      const reconnects: BusReconnectMessage[] = [];
      const listen = (message: unknown) => reconnects.push(message as BusReconnectMessage);
      diagnosticsChannels.busReconnect.subscribe(listen);
      cleanup.push(() => diagnosticsChannels.busReconnect.unsubscribe(listen));
      await shutOut(name);
      await until('the gap to begin', () => !readerBus.stats().subscribed);
      for (const key of invalidated(10)) await writer.invalidate(key);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await letIn(name);
      await until('the gap to be replayed', () => readerBus.stats().replay!.replays === 1);

      expect(reconnects).toHaveLength(1);
      expect(reconnects[0]!.replayed).toBe(readerBus.stats().replay!.lastReplayed);
      expect(reconnects[0]!.replayed).toBeGreaterThanOrEqual(10);
      expect(reconnects[0]!.downMs).toBeGreaterThanOrEqual(300);
    });

    test('clears L1 when the log was trimmed past the last message applied', async () => {
      const { writer, reader, readerBus, name } = await setup(client, 10);
      await shutOut(name);
      await until('the gap to begin', () => !readerBus.stats().subscribed);
      // Far more than maxLen: whole stream nodes (100 entries each) are trimmed.
      for (const key of invalidated(300)) await writer.invalidate(key);
      await letIn(name);

      await until('the gap to be closed', () => readerBus.stats().replay!.clears === 1);
      expect(await reader.get('item:0')).toBeUndefined();
      expect(await reader.get('item:1')).toBeUndefined();
      expect(readerBus.stats().replay).toMatchObject({ replays: 0, lastReplayed: 0 });
    });
  });
}

describe('replay on a Cluster', () => {
  const nodes = vitest.inject('clusterNodes');

  for (const sharded of [false, true]) {
    for (const client of ['ioredis', 'node-redis'] as const) {
      test(`messages are logged in the channel's slot and carry their log id (${client}, ${sharded ? 'sharded' : 'classic'})`, async () => {
        const channel = uniqueChannel();
        const buses: RedisBus[] = [];
        for (let i = 0; i < 2; i++) {
          let transport: Transport;
          if (client === 'ioredis') {
            const cluster = new Cluster(nodes);
            cluster.on('error', () => {});
            cleanup.push(() => cluster.disconnect());
            transport = ioredisTransport({ client: cluster, sharded });
          } else {
            const cluster = createCluster({
              rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
            });
            cluster.on('error', () => {});
            await cluster.connect();
            cleanup.push(() => cluster.destroy());
            transport = nodeRedisTransport({
              client: cluster as unknown as NodeRedisClientLike,
              sharded,
            });
          }
          buses.push(redisBus({ transport, channel, replay: { maxLen: 100 } }));
        }
        cleanup.push(() => Promise.all(buses.map((bus) => bus.close())));
        await Promise.all(buses.map((bus) => bus.ready));
        const heard: unknown[] = [];
        buses[1]!.subscribe({ onMessage: (message) => heard.push(message) });

        await buses[0]!.publish({ type: 'remove', keys: ['a'] });
        await until('the message to arrive', () => heard.length === 1);
        expect(heard).toEqual([{ type: 'remove', keys: ['a'] }]);
        const raw = new Cluster(nodes);
        cleanup.push(() => raw.disconnect());
        const [newest] = await raw.xrevrange(`{${channel}}:log`, '+', '-', 'COUNT', 1);
        expect(buses[1]!.stats().replay!.lastId).toBe(newest![0]);
      });
    }
  }
});
