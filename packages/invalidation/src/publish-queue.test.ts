import { describe, expect, test } from 'vitest';
import { PublishQueue } from './publish-queue.js';

const update = (key: string, byte: number) => ({
  type: 'update' as const,
  key,
  value: Uint8Array.of(byte),
  ttlMs: 1000,
});

describe('PublishQueue', () => {
  test('keeps the latest operation per key and groups removes', () => {
    const queue = new PublishQueue(100);
    queue.add(update('a', 1));
    queue.add({ type: 'remove', keys: ['b', 'c'] });
    queue.add(update('a', 2));
    queue.add({ type: 'remove', keys: ['a'] });
    queue.add(update('c', 3));
    expect(queue.length).toBe(3);
    expect(queue.drain()).toEqual([{ type: 'remove', keys: ['b', 'a'] }, update('c', 3)]);
    expect(queue.length).toBe(0);
  });

  test('every message keeps the version it was published with', () => {
    const queue = new PublishQueue(100);
    queue.add({ type: 'clear', version: 1 });
    queue.add({ type: 'pattern', pattern: 'p:*', version: 2 });
    queue.add({ type: 'remove', keys: ['a', 'b'], version: 3 });
    queue.add({ type: 'remove', keys: ['c'], version: 4 });
    queue.add({ ...update('d', 1), version: 5 });
    expect(queue.drain()).toEqual([
      { type: 'clear', version: 1 },
      { type: 'pattern', pattern: 'p:*', version: 2 },
      { type: 'remove', keys: ['a', 'b'], version: 3 },
      { type: 'remove', keys: ['c'], version: 4 },
      { ...update('d', 1), version: 5 },
    ]);
  });

  test('a pattern supersedes the keys queued before it that it matches', () => {
    const queue = new PublishQueue(100);
    queue.add(update('user:1', 1));
    queue.add({ type: 'remove', keys: ['post:1'] });
    queue.add({ type: 'pattern', pattern: 'user:*' });
    queue.add(update('user:2', 2));
    expect(queue.drain()).toEqual([
      { type: 'pattern', pattern: 'user:*' },
      { type: 'remove', keys: ['post:1'] },
      update('user:2', 2),
    ]);
  });

  test('a clear supersedes everything queued before it', () => {
    const queue = new PublishQueue(100);
    queue.add(update('a', 1));
    queue.add({ type: 'pattern', pattern: 'x*' });
    queue.add({ type: 'clear' });
    queue.add(update('b', 2));
    expect(queue.drain()).toEqual([{ type: 'clear' }, update('b', 2)]);
  });

  test('collapses into one clear when full', () => {
    const queue = new PublishQueue(3);
    for (let i = 0; i < 4; i++) queue.add({ type: 'remove', keys: [`k${i}`] });
    expect(queue.overflows).toBe(1);
    expect(queue.drain()).toEqual([{ type: 'clear' }]);
  });
});
