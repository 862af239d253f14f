import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { rustCodec } from './rust-codec.js';

const codec = rustCodec();
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

  test('refuses to send a value that is not JSON', () => {
    expect(() =>
      codec.encode(envelope({ type: 'update', key: 'k', value: Uint8Array.of(0x81), ttlMs: 1 })),
    ).toThrow(/format 'rust' needs the cache's JSON serializer/);
  });
});
