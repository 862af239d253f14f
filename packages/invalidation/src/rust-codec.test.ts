import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { rustCodec } from './rust-codec.js';

const codec = rustCodec({ valueEncoding: 'json' });
const hexCodec = rustCodec();
const hex = (text: string) => Buffer.from(text).toString('hex');
const text = (payload: Buffer) => JSON.parse(payload.toString('utf8'));
const envelope = (message: Parameters<typeof codec.encode>[0]['message']) => ({
  instanceId: 'x',
  timestamp: 1,
  message,
});

describe('rustCodec', () => {
  test('writes the crate message for each operation', () => {
    expect(text(codec.encode(envelope({ type: 'remove', keys: ['a'] })))).toEqual({
      type: 'Remove',
      key: 'a',
    });
    expect(text(codec.encode(envelope({ type: 'remove', keys: ['a', 'b'] })))).toEqual({
      type: 'RemoveBulk',
      keys: ['a', 'b'],
    });
    const value = Buffer.from(JSON.stringify({ n: 1, s: 'x' }));
    expect(text(codec.encode(envelope({ type: 'update', key: 'k', value, ttlMs: 1500 })))).toEqual({
      type: 'Update',
      key: 'k',
      value: { n: 1, s: 'x' },
      ttl_secs: 2,
    });
    expect(text(codec.encode(envelope({ type: 'pattern', pattern: 'p:*' })))).toEqual({
      type: 'RemovePattern',
      pattern: 'p:*',
    });
    expect(text(codec.encode(envelope({ type: 'clear' })))).toEqual({
      type: 'RemovePattern',
      pattern: '*',
    });
  });

  test('writes expire as Remove or RemoveBulk, which the crate has', () => {
    expect(text(codec.encode(envelope({ type: 'expire', keys: ['a'] })))).toEqual({
      type: 'Remove',
      key: 'a',
    });
    expect(text(codec.encode(envelope({ type: 'expire', keys: ['a', 'b'] })))).toEqual({
      type: 'RemoveBulk',
      keys: ['a', 'b'],
    });
  });

  test("writes an update of a value in core's entry header (grace, tags) as Remove", () => {
    // `\0mte`, version 1, then freshMs, graceMs, writtenAt and a tag count the crate cannot read.
    const header = Buffer.alloc(31);
    header.set([0x00, 0x6d, 0x74, 0x65, 1]);
    const value = Buffer.concat([header, Buffer.from('{"n":1}')]);
    for (const each of [codec, hexCodec, rustCodec({ valueEncoding: 'bytes' })]) {
      const message = { type: 'update', key: 'k', value, ttlMs: 1000 } as const;
      expect(text(each.encode(envelope(message)))).toEqual({ type: 'Remove', key: 'k' });
    }
  });

  test('reads the crate messages, JSON values back as JSON bytes', () => {
    const read = (json: string) => codec.decode(Buffer.from(json))?.message;
    expect(read('{"type":"Remove","key":"a"}')).toEqual({ type: 'remove', keys: ['a'] });
    expect(read('{"type":"RemoveBulk","keys":["a","b"]}')).toEqual({
      type: 'remove',
      keys: ['a', 'b'],
    });
    expect(read('{"type":"RemovePattern","pattern":"p:*"}')).toEqual({
      type: 'pattern',
      pattern: 'p:*',
    });
    const update = read('{"type":"Update","key":"k","value":{"a":[1,2]},"ttl_secs":3}');
    expect(update).toMatchObject({ type: 'update', key: 'k', ttlMs: 3000 });
    expect(Buffer.from((update as { value: Uint8Array }).value).toString()).toBe('{"a":[1,2]}');
    expect(read('{"type":"Update","key":"k","value":null}')).toMatchObject({ ttlMs: 300_000 });
  });

  test('drops wrong shapes and types without touching prototypes', () => {
    for (const json of [
      'null',
      '[]',
      '"Remove"',
      '{"type":"Remove"}',
      '{"type":"Remove","key":1}',
      '{"type":"Remove","key":""}',
      '{"type":"RemoveBulk","keys":"a"}',
      '{"type":"RemoveBulk","keys":[1]}',
      '{"type":"RemoveBulk","keys":[]}',
      '{"type":"Update","key":"k"}',
      '{"type":"Update","key":"k","value":1,"ttl_secs":-1}',
      '{"type":"Update","key":"k","value":1,"ttl_secs":"5"}',
      '{"type":"Nope","key":"k"}',
      '{"__proto__":{"type":"Remove","key":"k"}}',
      '{"constructor":{"prototype":{"polluted":1}},"type":"X"}',
      '{"type":"Remove","key":"a"',
    ]) {
      expect(codec.decode(Buffer.from(json)), json).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("writes hex by default (crate 0.6.6+), and 'bytes' or 'json' on request", () => {
    const value = Buffer.from('{"n":1}');
    const message = { type: 'update', key: 'k', value, ttlMs: 1000 } as const;
    expect(text(hexCodec.encode(envelope(message))).value).toBe(hex('{"n":1}'));
    expect(text(rustCodec({ valueEncoding: 'bytes' }).encode(envelope(message))).value).toEqual([
      ...value,
    ]);
    expect(text(codec.encode(envelope(message))).value).toEqual({ n: 1 });
  });

  test('reads every value encoding the crate has used: JSON value, byte array, hex string', () => {
    const readValue = (json: string) => {
      const decoded = hexCodec.decode(Buffer.from(json));
      expect(decoded?.unreadableValue, json).toBeUndefined();
      return Buffer.from((decoded!.message as { value: Uint8Array }).value).toString();
    };
    expect(readValue('{"type":"Update","key":"k","value":{"a":1}}')).toBe('{"a":1}');
    expect(readValue('{"type":"Update","key":"k","value":7}')).toBe('7');
    expect(readValue('{"type":"Update","key":"k","value":[123,125]}')).toBe('{}');
    expect(readValue(`{"type":"Update","key":"k","value":"${hex('"hi"')}"}`)).toBe('"hi"');
    expect(readValue(`{"type":"Update","key":"k","value":"${hex('[1]').toUpperCase()}"}`)).toBe(
      '[1]',
    );
  });

  test('an update in no known encoding becomes a remove of its key, flagged, value not kept', () => {
    for (const value of ['"81"', '"7b7"', '"xyz!"', '""', '[256]', '[1.5]', '[]', '["a"]']) {
      const json = `{"type":"Update","key":"k","value":${value}}`;
      expect(hexCodec.decode(Buffer.from(json)), json).toEqual({
        instanceId: '',
        timestamp: 0,
        message: { type: 'remove', keys: ['k'] },
        unreadableValue: true,
      });
    }
  });

  test("with 'json', strings and arrays are the values themselves (crate 0.4.0 to 0.5.6)", () => {
    const readValue = (json: string) =>
      Buffer.from(
        (codec.decode(Buffer.from(json))!.message as { value: Uint8Array }).value,
      ).toString();
    expect(readValue('{"type":"Update","key":"k","value":"7b7d"}')).toBe('"7b7d"');
    expect(readValue('{"type":"Update","key":"k","value":[123,125]}')).toBe('[123,125]');
  });

  test('refuses to send a value that is not JSON', () => {
    expect(() =>
      codec.encode(envelope({ type: 'update', key: 'k', value: Uint8Array.of(0x81), ttlMs: 1 })),
    ).toThrow(/format 'rust' needs the cache's JSON serializer/);
  });
});
