import { Buffer } from 'node:buffer';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { ioredisTransport, RUST_CHANNEL, redisBus } from '../src/index.js';
import { recorder, uniqueChannel, until } from './helpers.js';

const url = inject('redisUrl');
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A stand-in for a Rust service: a raw connection that publishes and records the crate's JSON. */
async function rustService(channel: string) {
  const pub = new Redis(url);
  const sub = new Redis(url);
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
      { type: 'Update', key: 'd', value: { n: 1 }, ttl_secs: 90 },
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
    await cache.set('user:1', 'old');
    await cache.set('user:2', 'old');
    await cache.invalidate('mine'); // our own message comes back without an id
    await rust.send({ type: 'Update', key: 'user:1', value: { name: 'Ferris' }, ttl_secs: 60 });
    await rust.send({ type: 'Remove', key: 'user:2' });
    await until('both arrived', () => heard.messages.length === 2);
    expect(await cache.get('user:1')).toEqual({ name: 'Ferris' });
    expect(await cache.get('user:2')).toBeUndefined();
    expect(bus.stats().dropped.own).toBe(1);
    const update = heard.messages[0] as { value: Uint8Array };
    expect(Buffer.from(update.value).toString()).toBe('{"name":"Ferris"}');
  });

  test('two Node instances in Rust format see each other', async () => {
    const channel = uniqueChannel();
    const one = rustCache(channel);
    const two = rustCache(channel);
    await Promise.all([one.bus.ready, two.bus.ready]);
    await two.cache.set('k', 'old');
    await one.cache.updateCache('k', [1, 2, 3]);
    await until('two holds the new value', async () => Array.isArray(await two.cache.get('k')));
    expect(await two.cache.get('k')).toEqual([1, 2, 3]);
  });

  test('refuses a secret, since the crate cannot sign', () => {
    expect(() =>
      redisBus({ transport: ioredisTransport({ url }), format: 'rust', secret: 'x' }),
    ).toThrow(/cannot be used with format 'rust'/);
  });
});
