import { describe, expect, it } from 'vitest';
import { decodeEntries, entriesOfOnlyStream } from './reply.js';

const entries = [['1-0', ['a', '1', 'b', '2']]];

describe('reply decoding', () => {
  it('finds the one stream in every shape XREAD replies take', () => {
    expect(entriesOfOnlyStream([['key', entries]])).toBe(entries); // RESP2
    expect(entriesOfOnlyStream(['key', entries])).toBe(entries); // RESP3 map as a flat array
    expect(entriesOfOnlyStream({ key: entries })).toBe(entries); // RESP3 map as an object
    expect(entriesOfOnlyStream(new Map([['key', entries]]))).toBe(entries);
    expect(entriesOfOnlyStream(null)).toEqual([]);
    expect(entriesOfOnlyStream([])).toEqual([]);
  });

  it('decodes entries to strings or bytes and skips deleted ones', () => {
    expect(decodeEntries([...entries, ['2-0', null]])).toEqual([
      { id: '1-0', fields: { a: '1', b: '2' } },
    ]);
    const [binary] = decodeEntries(
      [[Buffer.from('3-0'), [Buffer.from('f'), Buffer.from([0, 255])]]],
      true,
    );
    expect(binary?.id).toBe('3-0');
    expect([...(binary?.fields.f ?? [])]).toEqual([0, 255]);
  });

  it('keeps a __proto__ field as data', () => {
    const [entry] = decodeEntries([['1-0', ['__proto__', 'x', 'polluted', 'no']]]);
    expect(Object.getPrototypeOf(entry?.fields)).toBe(Object.prototype);
    expect(Object.keys(entry?.fields ?? {})).toEqual(['__proto__', 'polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats garbage as no entries', () => {
    expect(decodeEntries('nonsense')).toEqual([]);
    expect(decodeEntries([42, ['1-0']])).toEqual([]);
  });
});
