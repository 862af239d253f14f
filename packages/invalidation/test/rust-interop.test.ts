import { Buffer } from 'node:buffer';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { ioredisTransport, RUST_CHANNEL, redisBus } from '../src/index.js';
import { recorder, uniqueChannel, until } from './helpers.js';
import { redisTier } from './redis-tier.js';

const url = inject('redisUrl');
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A stand-in for a Rust service: a raw connection that publishes and records the crate's JSON. */
async function rustService(channel: string, redisUrl = url) {
  const pub = new Redis(redisUrl);
  const sub = new Redis(redisUrl);
  const seen: unknown[] = [];
  sub.on('message', (_channel, text) => seen.push(JSON.parse(text)));
  await sub.subscribe(channel);
  closers.push(
    () => pub.disconnect(),
    () => sub.disconnect(),
  );
  return { seen, send: (message: unknown) => pub.publish(channel, JSON.stringify(message)) };
}

function rustCache(channel: string) {
  const bus = redisBus({ transport: ioredisTransport({ url }), format: 'rust', channel });
  const cache = createCache({ l1: memoryL1Store(), bus });
  closers.push(() => cache.close());
  return { bus, cache };
}

describe("format 'rust'", () => {
  test("defaults to the crate's channel", () => {
    const bus = redisBus({ transport: ioredisTransport({ url }), format: 'rust' });
    closers.push(() => bus.close());
    expect(bus.stats().channel).toBe(RUST_CHANNEL);
    expect(RUST_CHANNEL).toBe('cache:invalidate');
  });

  test('writes the crate messages for every operation', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel);
    const { bus, cache } = rustCache(channel);
    await bus.ready;
    await cache.invalidate('a');
    await cache.delete(['b', 'c']);
    await cache.updateCache('d', { n: 1 }, { ttl: '90s' });
    await cache.invalidatePattern('e:*');
    await cache.clear();
    await until('the Rust side saw five messages', () => rust.seen.length === 5);
    expect(rust.seen).toEqual([
      { type: 'Remove', key: 'a' },
      { type: 'RemoveBulk', keys: ['b', 'c'] },
      { type: 'Update', key: 'd', value: Buffer.from('{"n":1}').toString('hex'), ttl_secs: 90 },
      { type: 'RemovePattern', pattern: 'e:*' },
      { type: 'RemovePattern', pattern: '*' },
    ]);
  });

  test('applies what a Rust service sends, and ignores its own echoes', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel);
    const { bus, cache } = rustCache(channel);
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    await cache.set('user:1', 'old', { broadcast: false });
    await cache.set('user:2', 'old', { broadcast: false });
    await cache.invalidate('mine'); // our own message comes back without an id
    await rust.send({ type: 'Update', key: 'user:1', value: { name: 'Ferris' }, ttl_secs: 60 });
    await rust.send({ type: 'Remove', key: 'user:2' });
    await until('both arrived', () => heard.messages.length === 2);
    expect(await cache.get('user:1')).toEqual({ name: 'Ferris' });
    expect(await cache.get('user:2')).toBeUndefined();
    // Published behind the two sets' messages, its echo may come after the Rust ones.
    await until('its own echo was dropped', () => bus.stats().dropped.own === 1);
    const update = heard.messages[0] as { value: Uint8Array };
    expect(Buffer.from(update.value).toString()).toBe('{"name":"Ferris"}');
  });

  test('two Node instances in Rust format see each other', async () => {
    const channel = uniqueChannel();
    const one = rustCache(channel);
    const two = rustCache(channel);
    await Promise.all([one.bus.ready, two.bus.ready]);
    await two.cache.set('k', 'old', { broadcast: false });
    await one.cache.updateCache('k', [1, 2, 3]);
    await until('two holds the new value', async () => Array.isArray(await two.cache.get('k')));
    expect(await two.cache.get('k')).toEqual([1, 2, 3]);
  });

  test('an update of a value with grace goes out as Remove; the others read it from Redis', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel);
    const tierClient = new Redis(url);
    closers.push(() => tierClient.disconnect());
    const prefix = `${channel}:`;
    const graced = () => {
      const bus = redisBus({ transport: ioredisTransport({ url }), format: 'rust', channel });
      const l2 = redisTier(tierClient, prefix);
      const cache = createCache({ l1: memoryL1Store(), l2, bus, grace: '1h' });
      closers.push(() => cache.close());
      return { bus, cache };
    };
    const [one, two] = [graced(), graced()];
    await Promise.all([one.bus.ready, two.bus.ready]);
    await two.cache.set('k', 'old', { broadcast: false });
    await one.cache.updateCache('k', { n: 2 }, { ttl: '90s' });
    await until('the Rust side saw the message', () => rust.seen.length === 1);
    expect(rust.seen).toEqual([{ type: 'Remove', key: 'k' }]);
    await until('two reads the new value', async () => !!(await two.cache.get('k')));
    expect(await two.cache.get('k')).toEqual({ n: 2 });
  });

  test('reads the value encodings of every crate version: JSON value, byte array, hex', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel);
    const { bus, cache } = rustCache(channel);
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    const bytes = [...Buffer.from('{"v":"0.5.7"}')];
    await rust.send({ type: 'Update', key: 'v04', value: { v: '0.4' }, ttl_secs: 60 });
    await rust.send({ type: 'Update', key: 'v057', value: bytes, ttl_secs: 60 });
    const hex = Buffer.from('{"v":"0.6.6"}').toString('hex');
    await rust.send({ type: 'Update', key: 'v066', value: hex, ttl_secs: 60 });
    await until('three updates arrived', () => heard.messages.length === 3);
    expect(await cache.get('v04')).toEqual({ v: '0.4' });
    expect(await cache.get('v057')).toEqual({ v: '0.5.7' });
    expect(await cache.get('v066')).toEqual({ v: '0.6.6' });
    expect(bus.stats().dropped.unknownValueEncoding).toBe(0);
  });

  test('an update in an unknown encoding is counted and invalidates its key, never stored', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel);
    const { bus, cache } = rustCache(channel);
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    await cache.set('k', 'old', { broadcast: false });
    await rust.send({ type: 'Update', key: 'k', value: 'not hex', ttl_secs: 60 });
    await until('it arrived', () => heard.messages.length === 1);
    expect(heard.messages).toEqual([{ type: 'remove', keys: ['k'] }]);
    expect(await cache.get('k')).toBeUndefined();
    expect(bus.stats().dropped.unknownValueEncoding).toBe(1);
  });

  test('refuses a secret, since the crate cannot sign', () => {
    expect(() =>
      redisBus({ transport: ioredisTransport({ url }), format: 'rust', secret: 'x' }),
    ).toThrow(/cannot be used with format 'rust'/);
  });
});

describe("format 'rust' across a subscriber gap", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    // Its own server: the test disconnects every subscriber on it.
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test('the fingerprint of a message whose echo was lost does not swallow a Rust message', async () => {
    const channel = uniqueChannel();
    const rust = await rustService(channel, redis.url);
    const admin = new Redis(redis.url);
    closers.push(() => admin.disconnect());
    const bus = redisBus({
      transport: ioredisTransport({ url: redis.url }),
      format: 'rust',
      channel,
    });
    closers.push(() => bus.close());
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;

    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    // Sent while its own subscriber is away: the echo never comes back.
    await bus.publish({ type: 'remove', keys: ['k'] });
    await until('the subscription is back', () => heard.reconnects === 1);
    expect(bus.stats().dropped.own).toBe(0);

    await rust.send({ type: 'Remove', key: 'k' }); // byte for byte what the bus sent
    await rust.send({ type: 'Remove', key: 'marker' });
    await until('the marker arrived', () =>
      heard.messages.some((m) => m.type === 'remove' && m.keys[0] === 'marker'),
    );
    expect(heard.messages).toContainEqual({ type: 'remove', keys: ['k'] });
  });
});
