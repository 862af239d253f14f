import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { createCache, type InvalidationMessage, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { isHeartbeat } from '../src/heartbeat.js';
import { binaryCodec, hmacSigner, ioredisTransport, redisBus } from '../src/index.js';
import { recorder, uniqueChannel, until } from './helpers.js';

const codec = binaryCodec();
const valid: InvalidationMessage[] = [
  { type: 'remove', keys: ['fuzz:1'] },
  { type: 'remove', keys: ['fuzz:1', 'fuzz:2', '__proto__', 'constructor'] },
  {
    type: 'update',
    key: 'fuzz:1',
    value: Buffer.from('{"__proto__":{"polluted":true}}'),
    ttlMs: 1000,
  },
  { type: 'update', key: '__proto__', value: Buffer.from('{"polluted":true}'), ttlMs: 1000 },
  { type: 'pattern', pattern: '*' },
  { type: 'clear' },
];
const envelope = (message: InvalidationMessage) =>
  codec.encode({ instanceId: 'attacker', timestamp: Date.now(), message });

const pollutionJson = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"type":"Remove","key":"k","__proto__":{"polluted":true}}',
  '{"type":"Update","key":"__proto__","value":{"polluted":true}}',
  '[{"__proto__":{"polluted":true}}]',
];

let publisher: Redis;
beforeAll(() => {
  publisher = new Redis(inject('redisUrl'));
});
afterAll(() => publisher?.disconnect());

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** Mutates a byte string: flips, truncates, extends or overwrites it. Never returns it unchanged. */
function mutate(bytes: Buffer, i: number): Buffer {
  const copy = Buffer.from(bytes);
  switch (i % 4) {
    case 0: {
      const at = (Math.random() * copy.length) | 0;
      copy[at] = copy[at]! ^ (1 + ((Math.random() * 255) | 0));
      return copy;
    }
    case 1:
      return copy.subarray(0, (Math.random() * copy.length) | 0);
    case 2:
      return Buffer.concat([copy, randomBytes(1 + ((Math.random() * 8) | 0))]);
    default: {
      const at = (Math.random() * (copy.length - 4)) | 0;
      copy.writeUInt32BE(0xfffffff0, Math.max(0, at));
      return copy.equals(bytes) ? copy.subarray(1) : copy;
    }
  }
}

/** Publishes payloads through a pipeline, then one valid `sentinel` after them. */
async function flood(channel: string, payloads: Buffer[], sentinel: Buffer) {
  for (let start = 0; start < payloads.length; start += 1000) {
    const pipeline = publisher.pipeline();
    for (const payload of payloads.slice(start, start + 1000)) pipeline.publish(channel, payload);
    await pipeline.exec();
  }
  await publisher.publish(channel, sentinel);
}

describe('fuzz: malformed and forged messages', () => {
  test('10,000 forged messages on a signed bus: no crash, nothing applied, all counted', async () => {
    const channel = uniqueChannel();
    const secret = 'the-real-secret';
    const signer = hmacSigner(secret);
    const forger = hmacSigner('a-guessed-secret');
    const bus = redisBus({
      transport: ioredisTransport({ url: inject('redisUrl') }),
      channel,
      secret,
    });
    const cache = createCache({ l1: memoryL1Store(), bus });
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    await cache.set('fuzz:1', 'kept');
    await cache.set('fuzz:2', 'kept');

    const signedValid = valid.map((message) => signer.sign(envelope(message)));
    const payloads: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) {
      switch (i % 5) {
        case 0: // random bytes, some starting like an envelope
          payloads.push(
            i % 10 === 0
              ? Buffer.concat([Buffer.from([0x4d, 0x54, 1]), randomBytes((i * 7) % 200)])
              : randomBytes(i % 300),
          );
          break;
        case 1: // mutated, correctly signed envelopes
          payloads.push(mutate(pick(signedValid, i), i));
          break;
        case 2: // valid envelopes signed with the wrong secret
          payloads.push(forger.sign(envelope(pick(valid, i))));
          break;
        case 3: // valid envelopes, unsigned
          payloads.push(envelope(pick(valid, i)));
          break;
        default: // prototype-pollution payloads, raw and "signed" by a guess
          payloads.push(
            i % 2 === 0
              ? Buffer.from(pick(pollutionJson, i))
              : forger.sign(Buffer.from(pick(pollutionJson, i))),
          );
      }
    }
    const sentinel: InvalidationMessage = { type: 'remove', keys: ['sentinel'] };
    await flood(channel, payloads, signer.sign(envelope(sentinel)));
    await until('the sentinel arrived after the flood', () => heard.messages.length > 0, 20_000);

    expect(heard.messages).toEqual([sentinel]);
    const stats = bus.stats();
    expect(stats.dropped.badSignature + stats.dropped.malformed).toBe(10_000);
    expect(stats.received).toEqual({
      remove: 1,
      update: 0,
      pattern: 0,
      clear: 0,
      expire: 0,
      tags: 0,
      namespace: 0,
    });
    expect(await cache.get('fuzz:1')).toBe('kept');
    expect(await cache.get('fuzz:2')).toBe('kept');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await cache.close();
  });

  test('garbage on an unsigned bus is dropped as malformed', async () => {
    const channel = uniqueChannel();
    const bus = redisBus({ transport: ioredisTransport({ url: inject('redisUrl') }), channel });
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    const payloads: Buffer[] = [];
    while (payloads.length < 2000) {
      const i = payloads.length;
      const candidate =
        i % 3 === 0
          ? randomBytes(i % 100)
          : i % 3 === 1
            ? mutate(pick(valid.map(envelope), i), i)
            : Buffer.from(pick(pollutionJson, i));
      // A mutation can still be a well-formed message (unsigned buses cannot tell), or take a
      // heartbeat's header ("MT" flipped to "MH"), which every instance but its sender ignores
      // uncounted: skip those.
      if (codec.decode(candidate) === undefined && !isHeartbeat(candidate)) {
        payloads.push(candidate);
      }
    }
    await flood(channel, payloads, envelope({ type: 'clear' }));
    await until('the sentinel arrived', () => heard.messages.length > 0, 20_000);
    expect(heard.messages).toEqual([{ type: 'clear' }]);
    expect(bus.stats().dropped.malformed).toBe(2000);
    expect(Object.prototype).not.toHaveProperty('polluted');
    await bus.close();
  });

  test("garbage on a 'rust' bus is dropped as malformed", async () => {
    const channel = uniqueChannel();
    const bus = redisBus({
      transport: ioredisTransport({ url: inject('redisUrl') }),
      channel,
      format: 'rust',
    });
    const heard = recorder();
    bus.subscribe(heard);
    await bus.ready;
    const shapes = [
      ...pollutionJson.slice(0, 3),
      '{"type":"Remove","key":7}',
      '{"type":"RemoveBulk","keys":[null]}',
      '{"type":"Update","key":"k","ttl_secs":"x","value":1}',
      '{"type":"Nope"}',
      'not json',
    ];
    const payloads = Array.from({ length: 2000 }, (_, i) =>
      i % 2 === 0 ? randomBytes(i % 50) : Buffer.from(pick(shapes, i)),
    );
    await flood(channel, payloads, Buffer.from('{"type":"Remove","key":"sentinel"}'));
    await until('the sentinel arrived', () => heard.messages.length > 0, 20_000);
    expect(heard.messages).toEqual([{ type: 'remove', keys: ['sentinel'] }]);
    expect(bus.stats().dropped.malformed).toBe(2000);
    expect(Object.prototype).not.toHaveProperty('polluted');
    await bus.close();
  });
});
