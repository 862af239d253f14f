import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';
import { redisTier } from './redis-tier.js';

// The shared tier cannot delete by pattern (as memcached): pattern invalidations are recorded and
// entries read from it are checked against the record, which each instance re-reads only every
// `patternRefreshInterval` (a minute here, so the test does not depend on timing).
let client: Redis;
const opened: { cache: MultiTierCache; bus: RedisBus }[] = [];

beforeAll(() => {
  client = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map(({ cache }) => cache.close()));
});

afterAll(() => {
  client?.disconnect();
});

async function instances(count: number) {
  const channel = uniqueChannel();
  const prefix = `${channel}:`;
  const made = Array.from({ length: count }, () => {
    const bus = redisBus({ transport: ioredisTransport({ url: inject('redisUrl') }), channel });
    const cache = createCache({
      l1: memoryL1Store(),
      l2: [{ store: redisTier(client, prefix), patternRefreshInterval: '1m' }],
      bus,
    });
    opened.push({ cache, bus });
    return cache;
  });
  await Promise.all(opened.map(({ bus }) => bus.ready));
  return made;
}

describe('a pattern invalidation received from another instance', () => {
  test('hides the older entries of a tier without pattern deletes at once, before the record is read again', async () => {
    const [a, b] = (await instances(2)) as [MultiTierCache, MultiTierCache];
    await a.set('user:1', 'old', { ttl: '10m', broadcast: false });
    // B reads the shared record (empty) and takes the value into its L1.
    expect(await b.get('user:1')).toBe('old');

    let received = false;
    b.on('invalidation', ({ message, origin }) => {
      if (origin === 'remote' && message.type === 'pattern') received = true;
    });
    await a.invalidatePattern('user:*');
    await until('B to receive the pattern invalidation', () => received);

    // L1's copy is gone; the tier still holds the older value, which B must not serve or promote.
    expect(b.peekL1('user:1')).toBeUndefined();
    expect(await b.get('user:1')).toBeUndefined();
    expect(b.peekL1('user:1')).toBeUndefined();
    expect(await b.getOrCompute('user:1', async () => 'new', { ttl: '10m' })).toBe('new');
  });

  test('leaves keys the pattern does not match readable from that tier', async () => {
    const [a, b] = (await instances(2)) as [MultiTierCache, MultiTierCache];
    await a.set('other:1', 'kept', { ttl: '10m', broadcast: false });
    let received = false;
    b.on('invalidation', ({ origin }) => {
      if (origin === 'remote') received = true;
    });
    await a.invalidatePattern('user:*');
    await until('B to receive the pattern invalidation', () => received);
    expect(await b.get('other:1')).toBe('kept');
  });
});
