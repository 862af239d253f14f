import type { InvalidationMessage } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { plain } from './bus-context.js';

const every: readonly InvalidationMessage[] = [
  { type: 'remove', keys: ['a', 'b'] },
  { type: 'update', key: 'a', value: new Uint8Array([1, 2]), ttlMs: 1000 },
  { type: 'pattern', pattern: 'a:*' },
  { type: 'clear' },
  { type: 'expire', keys: ['a'] },
  { type: 'tags', tags: ['t1', 't2'], at: 1.5 },
  { type: 'namespace', prefix: 'users:', at: 2.5 },
];

describe('plain', () => {
  it('compares every message kind without the version a bus may set', () => {
    for (const message of every) {
      expect(plain({ ...message, version: 1_700_000_000_000.25 })).toEqual(plain(message));
    }
  });

  it('keeps what each kind says', () => {
    expect(every.map(plain)).toEqual([
      { type: 'remove', keys: ['a', 'b'] },
      { type: 'update', key: 'a', value: [1, 2], ttlMs: 1000 },
      { type: 'pattern', pattern: 'a:*' },
      { type: 'clear' },
      { type: 'expire', keys: ['a'] },
      { type: 'tags', tags: ['t1', 't2'], at: 1.5 },
      { type: 'namespace', prefix: 'users:', at: 2.5 },
    ]);
    expect(plain({ type: 'tags', tags: ['t1'], at: 1 })).not.toEqual(plain(every[5]));
    expect(plain({ type: 'namespace', prefix: 'users:', at: 3 })).not.toEqual(plain(every[6]));
  });
});
