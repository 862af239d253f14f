import { freePort } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  CacheSystem,
  type CacheSystemOptions,
  getOrComputeTyped,
  losslessSerializer,
  readExpiryFrame,
  type StandardSchemaV1,
  typedStats,
} from '../src/index.js';

const redisUrl = inject('redisUrl');
const prefix = 'mtc-umbrella-test:';
const base: CacheSystemOptions = {
  prefix,
  invalidation: { channel: 'mtc-umbrella-test:invalidate' },
};

const open: CacheSystem[] = [];
async function system(options: CacheSystemOptions = {}) {
  const created = await CacheSystem.withRedisUrl(redisUrl, { ...base, ...options });
  open.push(created);
  return created;
}

const raw = new Redis(redisUrl);
afterEach(async () => {
  await Promise.all(open.splice(0).map((created) => created.close()));
});
afterAll(async () => {
  await raw.quit();
});

describe('CacheSystem', () => {
  it('serves from L1, keeps values in Redis for the default hour, and lets another instance read them', async () => {
    const a = await system();
    const b = await system();
    await a.cacheManager.set('greeting', { text: 'hello' });
    const ttlMs = await raw.pttl(`${prefix}greeting`);
    expect(ttlMs).toBeGreaterThan(3_500_000);
    expect(ttlMs).toBeLessThanOrEqual(3_600_000);
    expect(await b.cacheManager.get('greeting')).toEqual({ text: 'hello' });
    expect(b.cacheManager.stats()).toMatchObject({ l2Hits: 1, promotions: 1 });
    expect(await b.cacheManager.get('greeting')).toEqual({ text: 'hello' });
    expect(b.cacheManager.stats().l1Hits).toBe(1);
  });

  it('drops an invalidated key from the other instances L1 through the bus', async () => {
    const a = await system();
    const b = await system();
    await a.cacheManager.set('flag', 'on');
    expect(await b.cacheManager.get('flag')).toBe('on');
    await a.cacheManager.invalidate('flag');
    await vi.waitFor(() => expect(b.bus!.stats().received.remove).toBe(1));
    expect(await b.cacheManager.get('flag')).toBeUndefined();
  });

  it('reports healthy L1, Redis and subscription', async () => {
    const a = await system();
    const report = await a.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.tiers).toEqual([expect.objectContaining({ name: 'ioredis', healthy: true })]);
    expect(report.invalidation).toEqual({ healthy: true, queueLength: 0 });
    expect(a.redisUrl).toBe(redisUrl);
    expect(a.redisUrlSource).toBe('option');
  });

  it('publishes to and reads Redis Streams with the Rust crate calls', async () => {
    const a = await system();
    const b = await system();
    const stream = `${prefix}events`;
    await raw.del(stream);
    const first = await a.publishToStream(stream, { type: 'login', user: '42' });
    const second = await a.publishToStream(stream, { type: 'logout', user: '42' }, 10);
    expect(await b.readStreamLatest(stream, 1)).toEqual([
      { id: second, fields: { type: 'logout', user: '42' } },
    ]);
    expect((await b.readStream(stream)).map((entry) => entry.id)).toEqual([first, second]);
    expect((await b.readStream(stream, first, 10)).map((entry) => entry.id)).toEqual([second]);
    const waiting = b.readStream(stream, '$', 10, 5000);
    const third = await a.publishToStream(stream, { type: 'login', user: '7' });
    expect(await waiting).toEqual([{ id: third, fields: { type: 'login', user: '7' } }]);
  });

  it('trims a stream to about maxLen on publishToStream', async () => {
    const a = await system();
    const stream = `${prefix}trimmed`;
    await raw.del(stream);
    for (let i = 0; i < 300; i++) await a.publishToStream(stream, { n: String(i) }, 100);
    const length = await raw.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300);
    expect(await a.readStream(stream)).toHaveLength(100);
  });

  it('rejects the stream calls with a configuration error when streams are off', async () => {
    const a = await system({ streams: false });
    expect(a.streams).toBeUndefined();
    await expect(a.publishToStream(`${prefix}off`, { a: '1' })).rejects.toMatchObject({
      code: 'configuration',
    });
    await expect(a.readStreamLatest(`${prefix}off`, 1)).rejects.toMatchObject({
      code: 'configuration',
    });
    await expect(a.readStream(`${prefix}off`)).rejects.toMatchObject({ code: 'configuration' });
  });

  it('closes the streams backend with the system', async () => {
    const a = await CacheSystem.withRedisUrl(redisUrl, base);
    await a.close();
    await expect(a.publishToStream(`${prefix}closed`, { a: '1' })).rejects.toMatchObject({
      code: 'closed',
    });
    await expect(a.streams!.readLatest(`${prefix}closed`, 1)).rejects.toMatchObject({
      code: 'closed',
    });
  });

  it('takes REDIS_URL when no URL is given, and a given URL over REDIS_URL', async () => {
    const saved = process.env.REDIS_URL;
    try {
      process.env.REDIS_URL = redisUrl;
      const fromEnv = await CacheSystem.create(base);
      open.push(fromEnv);
      expect(fromEnv.redisUrlSource).toBe('env');
      expect((await fromEnv.healthCheck()).tiers[0]?.healthy).toBe(true);
      process.env.REDIS_URL = 'redis://127.0.0.1:1';
      const given = await system();
      expect(given.redisUrlSource).toBe('option');
      expect((await given.healthCheck()).tiers[0]?.healthy).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });

  it('keeps answering from L1 and computations when Redis is unreachable', async () => {
    const down = await CacheSystem.withRedisUrl(`redis://127.0.0.1:${await freePort()}`, {
      ...base,
      readyTimeout: 300,
    });
    open.push(down);
    expect(await down.cacheManager.getOrCompute('k', () => 'computed')).toBe('computed');
    expect(await down.cacheManager.get('k')).toBe('computed');
    const report = await down.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.tiers[0]?.healthy).toBe(false);
    expect(report.invalidation?.healthy).toBe(false);
  });

  it('refuses to start without Redis in strict mode', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(
      CacheSystem.withRedisUrl(url, { ...base, strict: true, readyTimeout: 300 }),
    ).rejects.toMatchObject({ code: 'tier-failure' });
  });

  it('refuses both a client and a URL', async () => {
    await expect(CacheSystem.create({ client: raw, redisUrl })).rejects.toMatchObject({
      code: 'configuration',
    });
  });

  it('closes everything it opened, once', async () => {
    const a = await CacheSystem.withRedisUrl(redisUrl, base);
    await a.close();
    await a.close();
    await expect(a.cacheManager.set('after', 1)).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('typed helpers through Redis', () => {
  /** A hand-written Standard Schema (zod, valibot and arktype give the same object). */
  const Order: StandardSchemaV1<unknown, { id: number; placed: Date }> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate(value) {
        const record = value as { id?: unknown; placed?: unknown } | null;
        const placed = new Date(record?.placed as string);
        return typeof record?.id === 'number' && !Number.isNaN(placed.getTime())
          ? { value: { id: record.id, placed } }
          : { issues: [{ message: 'expected { id: number, placed: date }' }] };
      },
    },
  };

  it('restores Dates on another instance and recomputes a corrupt value', async () => {
    const a = await system({ serializer: losslessSerializer() });
    const b = await system({ serializer: losslessSerializer() });
    const placed = new Date('2025-06-01T12:00:00Z');
    await getOrComputeTyped(a.cacheManager, 'order:1', Order, () => ({ id: 1, placed }));
    const read = await getOrComputeTyped(b.cacheManager, 'order:1', Order, () => ({
      id: 0,
      placed: new Date(),
    }));
    expect(read).toEqual({ id: 1, placed });
    expect(read.placed).toBeInstanceOf(Date);

    await raw.set(`${prefix}order:2`, JSON.stringify({ id: 'two' }), 'PX', 60_000);
    const repaired = await getOrComputeTyped(b.cacheManager, 'order:2', Order, () => ({
      id: 2,
      placed,
    }));
    expect(repaired).toEqual({ id: 2, placed });
    const stored = readExpiryFrame((await raw.getBuffer(`${prefix}order:2`))!).value;
    expect(losslessSerializer().deserialize(stored)).toEqual({ id: 2, placed });
    expect(typedStats(b.cacheManager)).toMatchObject({ invalid: 1, recomputed: 1 });
  });
});
