import { describe, expect, it } from 'vitest';
import { CacheError } from '../errors.js';
import { type EntryMeta, unwrapEntryBytes, wrapEntryBytes } from './entry-envelope.js';
import { L1Entry } from './l1-entry.js';

const value = new TextEncoder().encode('{"name":"Ada"}');
const meta: EntryMeta = {
  freshMs: 60_000,
  graceMs: 3_600_000,
  writtenAt: 1_700_000_000_123,
  tags: ['user', 'tenant:é'],
};

describe('entry envelope', () => {
  it('gives back the value bytes and the meta it wrapped', () => {
    const wrapped = wrapEntryBytes(value, meta);
    const { bytes, meta: read } = unwrapEntryBytes(wrapped);
    expect([...bytes]).toEqual([...value]);
    expect(read).toEqual(meta);
  });

  it('starts with the magic and the version', () => {
    const wrapped = wrapEntryBytes(value, { ...meta, tags: [] });
    expect([...wrapped.subarray(0, 5)]).toEqual([0, 0x6d, 0x74, 0x65, 1]);
    expect(wrapped.byteLength).toBe(31 + value.byteLength);
  });

  it('reads a wrapped entry at an offset inside a larger buffer', () => {
    const wrapped = wrapEntryBytes(value, meta);
    const larger = new Uint8Array(wrapped.byteLength + 7);
    larger.set(wrapped, 7);
    const { bytes, meta: read } = unwrapEntryBytes(larger.subarray(7));
    expect(new TextDecoder().decode(bytes)).toBe('{"name":"Ada"}');
    expect(read).toEqual(meta);
  });

  it('passes bytes without the magic through unchanged, without meta', () => {
    const result = unwrapEntryBytes(value);
    expect(result.bytes).toBe(value);
    expect(result.meta).toBeUndefined();
    expect(unwrapEntryBytes(new Uint8Array([0, 0x6d])).meta).toBeUndefined();
    expect(unwrapEntryBytes(new Uint8Array()).meta).toBeUndefined();
  });

  it('refuses a damaged header after the magic with invalid-entry', () => {
    const wrapped = wrapEntryBytes(value, meta);
    const cases = [
      wrapped.subarray(0, 10),
      Uint8Array.from([...wrapped.subarray(0, 4), 9, ...wrapped.subarray(5)]),
      wrapped.subarray(0, 34),
    ];
    const negative = wrapEntryBytes(value, { ...meta, tags: [] });
    new DataView(negative.buffer).setFloat64(5, -1);
    cases.push(negative);
    const badUtf8 = wrapEntryBytes(value, { ...meta, tags: ['x'] });
    badUtf8[33] = 0xff;
    cases.push(badUtf8);
    for (const bytes of cases) {
      let caught: unknown;
      try {
        unwrapEntryBytes(bytes);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CacheError);
      expect((caught as CacheError).code).toBe('invalid-entry');
    }
  });

  it('refuses a tag longer than 65535 bytes', () => {
    expect(() => wrapEntryBytes(value, { ...meta, tags: ['x'.repeat(70_000)] })).toThrow(
      CacheError,
    );
  });

  it('keeps an L1 entry value, fresh-until time and meta', () => {
    const entry = new L1Entry({ id: 1 }, 1234, meta);
    expect(entry.value).toEqual({ id: 1 });
    expect(entry.freshUntil).toBe(1234);
    expect(entry.meta).toBe(meta);
  });
});
