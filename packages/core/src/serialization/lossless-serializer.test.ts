import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCache } from '../cache/create-cache.js';
import { CacheError } from '../errors.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { jsonSerializer } from './json-serializer.js';
import { losslessSerializer } from './lossless-serializer.js';

const serializer = losslessSerializer();
const roundTrip = (value: unknown) => serializer.deserialize(serializer.serialize(value));
const text = (value: unknown) => Buffer.from(serializer.serialize(value)).toString('utf8');
const bytesOf = (json: string) => new Uint8Array(Buffer.from(json, 'utf8'));

/** Keys whose own property would trip toStrictEqual (constructor) or is refused (__proto__). */
const ordinaryKey = fc.string().filter((key) => key !== '__proto__' && key !== 'constructor');

/** Values losslessSerializer holds: fast-check's anything, with the extra leaves it supports. */
const storable = fc.anything({
  key: fc.oneof(ordinaryKey, fc.constantFrom('$date', '$map', '$$x', '$')),
  values: [
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string({ unit: 'grapheme' }),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.date(),
    fc.date({ noInvalidDate: false }),
    fc.uint8Array(),
    fc.uint8Array().map((bytes) => Buffer.from(bytes)),
  ],
  withMap: true,
  withSet: true,
});

describe('losslessSerializer round trips', () => {
  it.each([
    ['a Date', new Date(1_700_000_000_123)],
    ['an invalid Date', new Date(Number.NaN)],
    ['a Map with object keys', new Map<unknown, unknown>([[{ id: 1 }, new Set(['a'])]])],
    ['a Set', new Set([1, 'one', null])],
    ['a BigInt beyond 2^64', -(2n ** 200n) + 7n],
    ['a Uint8Array', new Uint8Array([0, 1, 255])],
    ['a Buffer', Buffer.from('héllo')],
    [
      'undefined in an object, an array, a Map and a Set',
      {
        a: undefined,
        b: [undefined],
        m: new Map([[undefined, undefined]]),
        s: new Set([undefined]),
      },
    ],
    ['NaN, ±Infinity and -0', [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]],
    ['keys that look like tags', { $date: 1, $$x: 2, $: 3, nested: { $map: [] } }],
    ['plain JSON', { s: 'x', n: 1.5, b: false, z: null, list: [1, [2, { c: 3 }]] }],
  ])('gives back %s', (_name, value) => {
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('gives back the same byte view type: a Uint8Array is not read back as a Buffer', () => {
    expect(Buffer.isBuffer(roundTrip(new Uint8Array([1])))).toBe(false);
    expect(Buffer.isBuffer(roundTrip(Buffer.from([1])))).toBe(true);
  });

  it('writes compact tagged JSON', () => {
    expect(text({ at: new Date(5), n: 255n, $k: 1 })).toBe(
      '{"at":{"$date":5},"n":{"$bigint":"ff"},"$$k":1}',
    );
  });

  it('reads what jsonSerializer wrote, so switching keeps existing entries', () => {
    const value = { id: 1, tags: ['a'], nested: { ok: true, n: null } };
    expect(serializer.deserialize(jsonSerializer().serialize(value))).toStrictEqual(value);
  });

  it('reads an empty array slot back as undefined', () => {
    // biome-ignore lint/suspicious/noSparseArray: the empty slot is what is tested
    expect(roundTrip([1, , 3])).toStrictEqual([1, undefined, 3]);
  });

  it('gives back an equal value for any value of the supported types (property)', () => {
    fc.assert(
      fc.property(storable, (value) => {
        expect(roundTrip(value)).toStrictEqual(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('carries Dates, Maps and BigInts between two cache instances sharing a tier', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const make = () =>
      createCache({
        l1: memoryL1Store(),
        l2: [memoryL2Store({ data: shared })],
        serializer: losslessSerializer(),
      });
    const writer = make();
    const reader = make();
    const value = { at: new Date(0), roles: new Map([['admin', 1n]]) };
    await writer.set('user:1', value);
    expect(await reader.get('user:1')).toStrictEqual(value);
    await Promise.all([writer.close(), reader.close()]);
  });
});

describe('losslessSerializer refuses what it cannot rebuild', () => {
  class Point {
    x = 1;
  }

  it.each([
    [{ p: new Point() }, 'value.p is a Point, which losslessSerializer() cannot rebuild'],
    [{ m: new Map([[1, () => 1]]) }, 'value.m["<map entry 0>"] is a function'],
    [{ s: Symbol('s') }, 'value.s is a symbol'],
    [{ f: new Float32Array(1) }, 'value.f is a Float32Array'],
    [JSON.parse('{"__proto__":1}'), 'value.__proto__ is an own property named "__proto__"'],
  ])('refuses %o naming the path', (value, message) => {
    expect(() => serializer.serialize(value)).toThrow(message);
  });

  it('refuses a cycle through a Map', () => {
    const map = new Map<string, unknown>();
    map.set('self', { map });
    expect(() => serializer.serialize({ map })).toThrow(
      expect.objectContaining({
        code: 'not-serializable',
        message: expect.stringContaining('(a cycle)'),
      }),
    );
  });

  it('refuses nesting deeper than maxDepth when writing', () => {
    const shallow = losslessSerializer({ maxDepth: 3 });
    expect(() => shallow.serialize([[[1]]])).not.toThrow();
    expect(() => shallow.serialize([[[[1]]]])).toThrow('nested deeper than maxDepth (3)');
  });

  it('reads back everything it wrote under the same maxDepth (property)', () => {
    const shallow = losslessSerializer({ maxDepth: 3 });
    fc.assert(
      fc.property(storable, (value) => {
        let bytes: Uint8Array;
        try {
          bytes = shallow.serialize(value);
        } catch (error) {
          expect((error as Error).message).toContain('maxDepth');
          return;
        }
        expect(shallow.deserialize(bytes)).toStrictEqual(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a maxDepth that is not a positive integer', () => {
    expect(() => losslessSerializer({ maxDepth: 0 })).toThrow(
      expect.objectContaining({ code: 'configuration' }),
    );
  });
});

describe('losslessSerializer reading untrusted bytes', () => {
  it('drops __proto__ keys, at the top and inside tags, without touching any prototype', () => {
    const read = serializer.deserialize(
      bytesOf('{"__proto__":{"polluted":1},"a":{"$map":[[{"__proto__":{"polluted":2}},1]]}}'),
    ) as { a: Map<object, number> };
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['a']);
    const [key] = [...read.a.keys()];
    expect(Object.getPrototypeOf(key)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each([
    ['an unknown tag', '{"$eval":"process.exit(1)"}'],
    ['a tag among other keys', '{"$date":1,"b":2}'],
    ['a $date that is not a number', '{"$date":"2020-01-01"}'],
    ['a $bigint that is not hex', '{"$bigint":"1.5"}'],
    ['a $map entry that is not a pair', '{"$map":[[1]]}'],
    ['a $set that is not an array', '{"$set":{}}'],
    ['a $number that is not one of the four', '{"$number":"constructor"}'],
    ['an $undefined that is not true', '{"$undefined":1}'],
    ['$bytes that are not a string', '{"$bytes":[1,2]}'],
  ])('throws CacheError(invalid-value) on %s', (_name, json) => {
    expect(() => serializer.deserialize(bytesOf(json))).toThrow(
      expect.objectContaining({ code: 'invalid-value' }),
    );
  });

  it('throws instead of overflowing the stack on deeply nested bytes', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => serializer.deserialize(bytesOf(deep))).toThrow(
      'nesting deeper than maxDepth (1000)',
    );
    const deepTags = `${'{"$set":['.repeat(5_000)}${']}'.repeat(5_000)}`;
    expect(() => serializer.deserialize(bytesOf(deepTags))).toThrow('maxDepth');
  });

  it('throws (never returns a polluted object or another error type) on random bytes and random JSON (property)', () => {
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.json({ depthSize: 'medium' }).map(bytesOf),
      storable.map((value) => {
        const bytes = serializer.serialize(value);
        return bytes.subarray(0, Math.floor(bytes.length / 2));
      }),
    );
    fc.assert(
      fc.property(garbage, (bytes) => {
        try {
          serializer.deserialize(bytes);
        } catch (error) {
          expect(error instanceof CacheError || error instanceof SyntaxError).toBe(true);
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: 1000 },
    );
  });
});
