import { isCacheError } from '@multi-tier-cache/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonFields, parseJsonEntry } from '../src/index.js';
import { clientKinds, eventually, type Harness, uniqueStream } from './clients.js';

describe.each(clientKinds)('streams on $name', (kind) => {
  let redis: Harness;
  beforeAll(async () => {
    redis = await kind.connect(inject('redisUrl'));
  });
  afterAll(() => redis.close());

  it('publishes and reads back entries in both orders', async () => {
    const stream = uniqueStream(kind.name);
    const first = await redis.streams.publish(stream, { n: '1' });
    const second = await redis.streams.publish(stream, { n: '2', extra: 'x' });
    expect(first).toMatch(/^\d+-\d+$/);
    expect(await redis.streams.readLatest(stream, 10)).toEqual([
      { id: second, fields: { n: '2', extra: 'x' } },
      { id: first, fields: { n: '1' } },
    ]);
    expect(await redis.streams.read(stream)).toEqual([
      { id: first, fields: { n: '1' } },
      { id: second, fields: { n: '2', extra: 'x' } },
    ]);
    expect(await redis.streams.read(stream, { lastId: first })).toEqual([
      { id: second, fields: { n: '2', extra: 'x' } },
    ]);
  });

  it('reads a stream that does not exist as empty', async () => {
    const stream = uniqueStream(kind.name);
    expect(await redis.streams.readLatest(stream, 5)).toEqual([]);
    expect(await redis.streams.read(stream, { lastId: '0' })).toEqual([]);
    expect(await redis.streams.read(stream, { lastId: '0', blockMs: 30 })).toEqual([]);
  });

  it('keeps bytes binary-safe and returns them with encoding: buffer', async () => {
    const stream = uniqueStream(kind.name);
    const bytes = new Uint8Array([0, 255, 128, 10, 13, 0xc3]);
    await redis.streams.publish(stream, { blob: bytes, text: 'héllo' });
    const [entry] = await redis.streams.readLatest(stream, 1, { encoding: 'buffer' });
    expect(new Uint8Array(entry!.fields.blob!)).toEqual(bytes);
    expect(entry!.fields.text!.toString('utf8')).toBe('héllo');
    const [viaRead] = await redis.streams.read(stream, { encoding: 'buffer' });
    expect(new Uint8Array(viaRead!.fields.blob!)).toEqual(bytes);
  });

  it('carries JSON payloads and never lets __proto__ reach a prototype', async () => {
    const stream = uniqueStream(kind.name);
    await redis.streams.publish(stream, jsonFields({ id: 7, items: ['a'] }));
    await redis.streams.publish(stream, { json: '{"__proto__":{"polluted":true},"ok":1}' });
    const [evil, order] = await redis.streams.readLatest(stream, 2);
    expect(parseJsonEntry(order!)).toEqual({ id: 7, items: ['a'] });
    const parsed = parseJsonEntry<Record<string, unknown>>(evil!);
    expect(parsed).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('trims to about maxLen entries (default 1000)', async () => {
    const stream = uniqueStream(kind.name);
    for (let i = 0; i < 500; i++)
      await redis.streams.publish(stream, { i: String(i) }, { maxLen: 100 });
    const length = Number(await redis.command('XLEN', stream));
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(250); // ~ trims whole macro nodes (100 entries each by default)
    await redis.streams.publish(stream, { last: '1' }, { maxLen: 50, exact: true });
    expect(Number(await redis.command('XLEN', stream))).toBe(50);
    const other = uniqueStream(kind.name);
    await Promise.all(
      Array.from({ length: 1500 }, (_, i) => redis.streams.publish(other, { i: String(i) })),
    );
    const defaultLength = Number(await redis.command('XLEN', other));
    expect(defaultLength).toBeGreaterThanOrEqual(1000);
    expect(defaultLength).toBeLessThan(1200);
  });

  it('wakes a blocking read when an entry arrives, without holding up the client', async () => {
    const stream = uniqueStream(kind.name);
    await redis.streams.publish(stream, { seed: '1' });
    const started = Date.now();
    const reading = redis.streams.read(stream, { lastId: '$', blockMs: 10_000 });
    // The publish goes through the same client the read was issued on: it must not wait behind it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = await redis.streams.publish(stream, { wake: 'up' });
    const entries = await reading;
    expect(entries).toEqual([{ id, fields: { wake: 'up' } }]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects a waiting read with closed when the backend closes, and leaves the client open', async () => {
    const other = await kind.connect(inject('redisUrl'));
    const stream = uniqueStream(kind.name);
    const waiting = other.streams.read(stream, { lastId: '$', blockMs: 10_000 });
    const outcome = waiting.then(
      () => 'resolved',
      (error: unknown) => (isCacheError(error) ? error.code : String(error)),
    );
    await eventually('the read waiting', async () =>
      /cmd=xread/.test(String(await other.command('CLIENT', 'LIST'))),
    );
    await other.streams.close();
    expect(await outcome).toBe('closed');
    await expect(other.streams.publish(stream, { a: '1' })).rejects.toMatchObject({
      code: 'closed',
    });
    await other.close();
  });

  it('rejects bad input with a CacheError and writes nothing', async () => {
    const stream = uniqueStream(kind.name);
    const bad: [string, () => Promise<unknown>, string][] = [
      ['no fields', () => redis.streams.publish(stream, {}), 'invalid-value'],
      ['null value', () => redis.streams.publish(stream, { a: null as never }), 'invalid-value'],
      ['number value', () => redis.streams.publish(stream, { a: 1 as never }), 'invalid-value'],
      ['maxLen 0', () => redis.streams.publish(stream, { a: '1' }, { maxLen: 0 }), 'invalid-value'],
      [
        'maxLen -5',
        () => redis.streams.publish(stream, { a: '1' }, { maxLen: -5 }),
        'invalid-value',
      ],
      [
        'maxLen 1.5',
        () => redis.streams.publish(stream, { a: '1' }, { maxLen: 1.5 }),
        'invalid-value',
      ],
      ['empty stream', () => redis.streams.publish('', { a: '1' }), 'invalid-key'],
      ['read empty stream', () => redis.streams.read(''), 'invalid-key'],
      ['bad lastId', () => redis.streams.read(stream, { lastId: 'abc' }), 'invalid-value'],
      ['lastId >', () => redis.streams.read(stream, { lastId: '>' }), 'invalid-value'],
      ['count 0', () => redis.streams.readLatest(stream, 0), 'invalid-value'],
      ['blockMs -1', () => redis.streams.read(stream, { blockMs: -1 }), 'invalid-value'],
      [
        'group startId',
        () => redis.streams.createGroup(stream, 'g', { startId: '1-x' }),
        'invalid-value',
      ],
      ['empty group', () => redis.streams.createGroup(stream, ''), 'invalid-value'],
      [
        'readGroup id $',
        () => redis.streams.readGroup(stream, 'g', 'c', { id: '$' }),
        'invalid-value',
      ],
      ['ack nothing', () => redis.streams.ack(stream, 'g', []), 'invalid-value'],
      ['ack bad id', () => redis.streams.ack(stream, 'g', ['*']), 'invalid-value'],
      [
        'claim no minIdle',
        () => redis.streams.claimIdle(stream, 'g', 'c', {} as never),
        'invalid-value',
      ],
    ];
    for (const [name, call, code] of bad) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCacheError(error, code as never), `${name}: ${String(error)}`).toBe(true);
    }
    expect(() => redis.streams.subscribe('')).toThrow(/stream name is empty/);
    expect(() => redis.streams.subscribe(stream, { group: 'g' })).toThrow(/consumer is empty/);
    expect(Number(await redis.command('EXISTS', stream))).toBe(0);
  });

  it('creates a group idempotently and acknowledges what a consumer read', async () => {
    const stream = uniqueStream(kind.name);
    expect(await redis.streams.createGroup(stream, 'g', { startId: '0' })).toBe(true);
    expect(await redis.streams.createGroup(stream, 'g', { startId: '0' })).toBe(false);
    const ids = [
      await redis.streams.publish(stream, { n: '1' }),
      await redis.streams.publish(stream, { n: '2' }),
    ];
    const entries = await redis.streams.readGroup(stream, 'g', 'c1');
    expect(entries.map((entry) => entry.id)).toEqual(ids);
    expect(await redis.streams.readGroup(stream, 'g', 'c1')).toEqual([]);
    const summary = await redis.streams.pending(stream, 'g');
    expect(summary).toEqual({
      count: 2,
      smallestId: ids[0],
      greatestId: ids[1],
      consumers: [{ name: 'c1', pending: 2 }],
    });
    const details = await redis.streams.pendingEntries(stream, 'g', { consumer: 'c1' });
    expect(details.map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries }))).toEqual(
      ids.map((id) => ({ id, consumer: 'c1', deliveries: 1 })),
    );
    expect(await redis.streams.ack(stream, 'g', ids)).toBe(2);
    expect((await redis.streams.pending(stream, 'g')).count).toBe(0);
  });

  it('says to create the group first when it is missing', async () => {
    const stream = uniqueStream(kind.name);
    await redis.streams.publish(stream, { a: '1' });
    await expect(redis.streams.readGroup(stream, 'nope', 'c')).rejects.toThrow(/createGroup/);
  });

  it('lets another consumer claim and ack what a dead consumer left pending, none lost', async () => {
    const stream = uniqueStream(kind.name);
    await redis.streams.createGroup(stream, 'workers', { startId: '0' });
    const published = new Set<string>();
    for (let i = 0; i < 25; i++)
      published.add(await redis.streams.publish(stream, { i: String(i) }));

    // A consumer on its own connection reads everything, acks nothing, and dies.
    const doomed = await kind.connect(inject('redisUrl'));
    const taken = await doomed.streams.readGroup(stream, 'workers', 'doomed', { count: 100 });
    expect(taken).toHaveLength(25);
    await doomed.close();

    const rescued = new Set<string>();
    await eventually('every stranded entry claimed', async () => {
      let startId = '0-0';
      do {
        const claim = await redis.streams.claimIdle(stream, 'workers', 'rescuer', {
          minIdleMs: 50,
          count: 10,
          startId,
        });
        for (const entry of claim.entries) {
          rescued.add(entry.id);
          await redis.streams.ack(stream, 'workers', entry.id);
        }
        startId = claim.nextId;
      } while (startId !== '0-0');
      return rescued.size === published.size;
    });
    expect(rescued).toEqual(published);
    expect((await redis.streams.pending(stream, 'workers')).count).toBe(0);
  });
});
