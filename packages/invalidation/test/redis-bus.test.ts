import { CacheError } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterEach, describe, expect, inject, test } from 'vitest';
import {
  ioredisTransport,
  nodeRedisTransport,
  type RedisBusOptions,
  redisBus,
} from '../src/index.js';
import { busBehaviour } from './bus-behaviour.js';
import { recorder, uniqueChannel, until } from './helpers.js';

const url = inject('redisUrl');

busBehaviour('ioredis, shared client', async (count) => {
  const channel = uniqueChannel();
  const clients = Array.from({ length: count }, () => new Redis(url));
  const buses = clients.map((client) =>
    redisBus({ transport: ioredisTransport({ client }), channel }),
  );
  await Promise.all(buses.map((bus) => bus.ready));
  return {
    buses,
    close: async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      for (const client of clients) client.disconnect();
    },
  };
});

busBehaviour('node-redis, shared client', async (count) => {
  const channel = uniqueChannel();
  const clients = await Promise.all(
    Array.from({ length: count }, () => createClient({ url }).connect()),
  );
  const buses = clients.map((client) =>
    redisBus({ transport: nodeRedisTransport({ client }), channel }),
  );
  await Promise.all(buses.map((bus) => bus.ready));
  return {
    buses,
    close: async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      for (const client of clients) client.destroy();
    },
  };
});

describe('redisBus options', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  const open = (options: Partial<RedisBusOptions> = {}) => {
    const bus = redisBus({ transport: ioredisTransport({ url }), ...options });
    closers.push(() => bus.close());
    return bus;
  };

  test('refuses an empty channel and an instance id longer than 255 bytes', () => {
    expect(() => open({ channel: '' })).toThrow(/channel is empty/);
    expect(() => open({ instanceId: 'x'.repeat(256) })).toThrow(/instanceId/);
  });

  test('refuses replay with the Rust format or without a positive maxLen, and an empty tracked prefix', () => {
    const configuration = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof CacheError ? error.code : error;
      }
      return 'accepted';
    };
    expect(configuration(() => open({ format: 'rust', replay: { maxLen: 10 } }))).toBe(
      'configuration',
    );
    expect(configuration(() => open({ replay: { maxLen: 0 } }))).toBe('configuration');
    expect(configuration(() => open({ replay: { maxLen: 1.5 } }))).toBe('configuration');
    expect(configuration(() => open({ tracking: { prefixes: [''] } }))).toBe('configuration');
    const bare = { ...ioredisTransport({ url }), trackingNodes: undefined, call: undefined };
    expect(configuration(() => redisBus({ transport: bare, tracking: true }))).toBe(
      'configuration',
    );
    expect(configuration(() => redisBus({ transport: bare, replay: { maxLen: 10 } }))).toBe(
      'configuration',
    );
  });

  test('reports every dropped payload to onDrop with its reason', async () => {
    const channel = uniqueChannel();
    const drops: string[] = [];
    const signed = open({ channel, secret: 's', onDrop: (reason) => drops.push(reason) });
    const forger = open({ channel, secret: 'wrong' });
    const plain = open({ channel });
    await Promise.all([signed.ready, forger.ready, plain.ready]);
    await forger.publish({ type: 'clear' });
    await plain.publish({ type: 'clear' });
    await signed.publish({ type: 'clear' });
    await until('three drops', () => drops.length === 3);
    expect(drops.sort()).toEqual(['badSignature', 'badSignature', 'own']);
    // The plain bus cannot read signed messages either: a misconfiguration shows as malformed.
    await until('plain counted two', () => plain.stats().dropped.malformed === 2);
  });

  test('refuses to publish a pattern longer than 1,024 bytes with a CacheError', async () => {
    const bus = open();
    await bus.ready;
    const error = await bus
      .publish({ type: 'pattern', pattern: `*${'é'.repeat(512)}` })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CacheError);
    expect(error.code).toBe('invalid-key');
    expect(error.message).toMatch(/1025 bytes; the bus carries at most 1024/);
    await expect(
      bus.publish({ type: 'pattern', pattern: 'x'.repeat(1024) }),
    ).resolves.toBeUndefined();
  });

  test('drops and counts a received pattern longer than its limit, never matching it', async () => {
    const channel = uniqueChannel();
    const lax = open({ channel, limits: { maxPatternBytes: 4096 } });
    const strict = open({ channel });
    await Promise.all([lax.ready, strict.ready]);
    const heard = recorder();
    strict.subscribe(heard);
    await lax.publish({ type: 'pattern', pattern: `${'*?'.repeat(1000)}!` });
    await lax.publish({ type: 'pattern', pattern: 'user:*' });
    await until('the short pattern arrived', () => heard.messages.length === 1);
    expect(heard.messages).toEqual([{ type: 'pattern', pattern: 'user:*' }]);
    expect(strict.stats().dropped.patternTooLong).toBe(1);
  });

  test('drops and counts a received namespace prefix or tag longer than the pattern limit', async () => {
    const channel = uniqueChannel();
    const lax = open({ channel, limits: { maxPatternBytes: 4096 } });
    const strict = open({ channel });
    await Promise.all([lax.ready, strict.ready]);
    const heard = recorder();
    strict.subscribe(heard);
    const long = 'x'.repeat(1025);
    await lax.publish({ type: 'namespace', prefix: `${long}:`, at: 1 });
    await lax.publish({ type: 'tags', tags: ['short', long], at: 2 });
    await lax.publish({ type: 'namespace', prefix: 'users:', at: 3 });
    await lax.publish({ type: 'tags', tags: ['product:7'], at: 4 });
    await until('the last one arrived', () => heard.messages.some((m) => m.type === 'tags'));
    expect(heard.messages).toEqual([
      { type: 'namespace', prefix: 'users:', at: 3 },
      { type: 'tags', tags: ['product:7'], at: 4 },
    ]);
    expect(strict.stats().dropped.patternTooLong).toBe(2);
  });

  test('refuses to publish a namespace prefix or tag longer than the pattern limit', async () => {
    const bus = open();
    const long = 'é'.repeat(513);
    for (const message of [
      { type: 'namespace', prefix: long, at: 1 },
      { type: 'tags', tags: ['ok', long], at: 1 },
    ] as const) {
      const error = await bus.publish(message).catch((e) => e);
      expect(error).toBeInstanceOf(CacheError);
      expect(error.code).toBe('invalid-key');
      expect(error.message).toMatch(/1026 bytes; the bus carries at most 1024/);
    }
    await expect(
      bus.publish({ type: 'tags', tags: ['x'.repeat(1024)], at: 1 }),
    ).resolves.toBeUndefined();
  });

  test('a listener that throws does not stop the others', async () => {
    const channel = uniqueChannel();
    const [a, b] = [open({ channel }), open({ channel })];
    await Promise.all([a.ready, b.ready]);
    b.subscribe({
      onMessage() {
        throw new Error('listener bug');
      },
    });
    const heard = recorder();
    b.subscribe(heard);
    await a.publish({ type: 'clear' });
    await until('the second listener heard it', () => heard.messages.length === 1);
    expect(b.stats().listenerErrors).toBe(1);
  });
});
