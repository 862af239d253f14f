import { Buffer } from 'node:buffer';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCache } from '../cache/create-cache.js';
import { CacheError } from '../errors.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { jsonSerializer } from './json-serializer.js';

const serializer = jsonSerializer();
const roundTrip = (value: unknown) => serializer.deserialize(serializer.serialize(value));

function refusal(value: unknown, dropUndefined = false): string {
  try {
    jsonSerializer({ dropUndefined }).serialize(value);
  } catch (error) {
    expect(error).toBeInstanceOf(CacheError);
    expect((error as CacheError).code).toBe('not-serializable');
    return (error as CacheError).message;
  }
  throw new Error('the value was accepted');
}

class Point {
  constructor(
    readonly x = 1,
    readonly y = 2,
  ) {}
}

class Money {
  constructor(readonly cents = 100) {}
  toJSON(): string {
    return `${this.cents / 100} EUR`;
  }
}

describe('jsonSerializer refuses what the JSON round trip would change', () => {
  it.each([
    [
      { createdAt: new Date(0) },
      'value.createdAt is a Date, which JSON turns into a string: store date.toISOString() or use losslessSerializer()',
    ],
    [{ tags: new Map([['a', 1]]) }, 'value.tags is a Map, which JSON turns into {}'],
    [{ seen: new Set([1]) }, 'value.seen is a Set, which JSON turns into {}'],
    [{ at: new Point() }, 'value.at is a Point, which JSON turns into a plain object'],
    [{ price: new Money() }, 'value.price is a Money with toJSON()'],
    [{ raw: Buffer.from('x') }, "value.raw is a Buffer, which JSON turns into { type: 'Buffer'"],
    [{ raw: new Uint8Array(2) }, 'value.raw is a Uint8Array'],
    [{ raw: new Float64Array(2) }, 'value.raw is a Float64Array'],
    [{ raw: new ArrayBuffer(2) }, 'value.raw is an ArrayBuffer'],
    [{ nickname: undefined }, 'value.nickname is undefined, which JSON drops'],
    [{ items: [1, undefined] }, 'value.items[1] is undefined or an empty slot'],
    // biome-ignore lint/suspicious/noSparseArray: the empty slot is what is tested
    [{ items: [1, , 3] }, 'value.items[1] is undefined or an empty slot'],
    [{ run() {} }, 'value.run is a function, which JSON drops'],
    [{ id: Symbol('id') }, 'value.id is a symbol, which JSON drops'],
    [{ ratio: Number.NaN }, 'value.ratio is NaN, which JSON turns into null'],
    [{ ratio: Number.POSITIVE_INFINITY }, 'value.ratio is Infinity, which JSON turns into null'],
    [{ big: 1n }, 'value.big is a bigint, which JSON cannot hold'],
    [{ err: new Error('x') }, 'value.err is an Error'],
    [{ boxed: new String('x') }, 'value.boxed is a String'],
    [{ 'odd key': { deep: [new Date(0)] } }, 'value["odd key"].deep[0] is a Date'],
    [JSON.parse('{"__proto__":1}'), 'value.__proto__ is an own property named "__proto__"'],
    [new Date(0), 'value is a Date'],
    [Number.NaN, 'value is NaN'],
  ])('refuses %o naming the path and the fix', (value, message) => {
    expect(refusal(value)).toContain(message);
  });

  it('refuses a cycle naming where it closes', () => {
    const value: { a: { b: Record<string, unknown> } } = { a: { b: {} } };
    value.a.b.back = value.a;
    expect(refusal(value)).toBe(
      'value.a.b.back refers back to value.a (a cycle), which JSON cannot hold: break the cycle',
    );
  });

  it('refuses nesting too deep for the stack with a CacheError, not a RangeError', () => {
    let value: unknown[] = [];
    for (let depth = 0; depth < 100_000; depth++) value = [value];
    expect(refusal(value)).toContain('nested too deeply');
  });

  it('drops undefined properties when told to, and still refuses undefined in arrays', () => {
    const lenient = jsonSerializer({ dropUndefined: true });
    expect(lenient.deserialize(lenient.serialize({ a: 1, b: undefined }))).toEqual({ a: 1 });
    expect(refusal({ list: [undefined] }, true)).toContain('value.list[0] is undefined');
  });

  it('keeps plain data, Object.create(null) objects, plain objects of another realm and shared references', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const shared = { s: 1 };
    const value = {
      s: 'x',
      n: 1.5,
      b: true,
      z: null,
      list: [1, 'two', [3], { four: 4 }],
      bare,
      foreign: runInNewContext('({ a: [1, { b: 2 }] })') as unknown,
      one: shared,
      two: shared,
    };
    expect(roundTrip(value)).toEqual({
      ...value,
      bare: { a: 1 },
      foreign: { a: [1, { b: 2 }] },
      one: { s: 1 },
      two: { s: 1 },
    });
  });

  it('writes -0 as 0, which === it', () => {
    expect(roundTrip({ v: -0 })).toEqual({ v: 0 });
  });

  it('gives back an equal value for everything it accepts (property)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          // An own `constructor` property trips toStrictEqual's class check.
          key: fc.string().filter((key) => key !== 'constructor'),
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
        }),
        (value) => {
          let bytes: Uint8Array;
          try {
            bytes = serializer.serialize(value);
          } catch (error) {
            expect((error as CacheError).code).toBe('not-serializable');
            return;
          }
          expect(serializer.deserialize(bytes)).toStrictEqual(plainCopy(value));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('jsonSerializer reading', () => {
  it('drops __proto__ keys spelled literally or through \\u escapes, from any byte view', () => {
    const texts = [
      '{"__proto__":{"polluted":true},"a":1}',
      '{"\\u005f_proto__":{"polluted":true},"a":1}',
      '{"a":1,"n":{"__pro\\u0074o__":{"polluted":true}}}',
    ];
    for (const text of texts) {
      const bytes = Buffer.from(text);
      const views = [
        bytes,
        new Uint8Array(bytes),
        new Uint8Array(Buffer.from(` ${text}`)).subarray(1),
      ];
      for (const view of views) {
        const value = serializer.deserialize(view) as Record<string, unknown>;
        expect(value.a).toBe(1);
        expect(Object.hasOwn(value, '__proto__')).toBe(false);
        if (typeof value.n === 'object') expect(Object.hasOwn(value.n!, '__proto__')).toBe(false);
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      }
    }
  });

  it('keeps every other key and escape as JSON.parse reads them', () => {
    const text = '{"proto":"__proto","s":"\\n\\"\\u00e9","_":[1,{"__p":2}]}';
    expect(serializer.deserialize(Buffer.from(text))).toEqual(JSON.parse(text));
  });
});

describe('a cache on jsonSerializer', () => {
  it('refuses a Date before any tier is written, so no instance holds a different shape', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: [memoryL2Store({ data: shared })] });
    await expect(cache.set('user:1', { createdAt: new Date(0) })).rejects.toMatchObject({
      code: 'not-serializable',
      message: expect.stringContaining('value.createdAt is a Date'),
    });
    expect(l1.get('user:1')).toBeUndefined();
    expect(shared.size).toBe(0);
    await cache.close();
  });
});

/** What an accepted value reads back as: -0 becomes 0, null-prototype objects become plain. */
function plainCopy(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(plainCopy);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainCopy(item)]));
  }
  return value;
}
