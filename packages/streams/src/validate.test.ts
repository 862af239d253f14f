import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import type { RedisArg } from './client/stream-client.js';
import { assertId, pushFields } from './validate.js';

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isCacheError(error) ? error.code : 'not a CacheError';
  }
}

describe('id validation', () => {
  it('accepts concrete ids and only the special id of each command', () => {
    for (const id of ['0', '0-0', '1700000000000-12'])
      expect(code(() => assertId('id', id, 'entry'))).toBeUndefined();
    expect(code(() => assertId('id', '$', 'read'))).toBeUndefined();
    expect(code(() => assertId('id', '>', 'group-read'))).toBeUndefined();
    expect(code(() => assertId('id', '-', 'range-start'))).toBeUndefined();
    expect(code(() => assertId('id', '+', 'range-end'))).toBeUndefined();
    for (const id of ['$', '>', '*', '-', '+', '1-', '-1', 'a-1', '1-2-3', '', ' 1']) {
      expect(
        code(() => assertId('id', id, 'entry')),
        id,
      ).toBe('invalid-value');
    }
    expect(code(() => assertId('id', '>', 'read'))).toBe('invalid-value');
    expect(code(() => assertId('id', 5 as never, 'read'))).toBe('invalid-value');
  });
});

describe('field encoding', () => {
  it('passes bytes without copying and strings as they are', () => {
    const bytes = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    const args: RedisArg[] = [];
    pushFields(args, { s: 'x', b: bytes });
    expect(args[1]).toBe('x');
    expect(Buffer.isBuffer(args[3])).toBe(true);
    expect([...(args[3] as Buffer)]).toEqual([2, 3]);
    expect((args[3] as Buffer).buffer).toBe(bytes.buffer);
  });

  it('refuses empty field sets and values that are neither strings nor bytes', () => {
    expect(code(() => pushFields([], {}))).toBe('invalid-value');
    expect(code(() => pushFields([], null))).toBe('invalid-value');
    expect(code(() => pushFields([], { a: 1 }))).toBe('invalid-value');
    expect(code(() => pushFields([], { a: undefined }))).toBe('invalid-value');
  });
});
