import type { InvalidationMessage } from '@multi-tier-cache/core';
import { describe, expect, test } from 'vitest';
import { InFlightLog } from './in-flight-log.js';

const update = (key: string, value = 1): InvalidationMessage => ({
  type: 'update',
  key,
  value: Uint8Array.of(value),
  ttlMs: 1000,
});

describe('InFlightLog', () => {
  test('a failed update is not sent again once something later covers its key', () => {
    for (const later of [
      update('k', 2),
      { type: 'remove', keys: ['a', 'k'] },
      { type: 'pattern', pattern: 'k*' },
      { type: 'clear' },
    ] satisfies InvalidationMessage[]) {
      const log = new InFlightLog();
      const ticket = log.add(update('k'));
      log.add(later);
      expect(log.retryOf(ticket), later.type).toBeUndefined();
    }
  });

  test('a failed update is sent again when nothing later touches its key', () => {
    const log = new InFlightLog();
    const ticket = log.add(update('k'));
    log.add(update('other'));
    log.add({ type: 'pattern', pattern: 'x*' });
    expect(log.retryOf(ticket)).toEqual(update('k'));
  });

  test('a failed remove, pattern or clear is always sent again', () => {
    const log = new InFlightLog();
    const remove = log.add({ type: 'remove', keys: ['k'] });
    const pattern = log.add({ type: 'pattern', pattern: 'k*' });
    log.add({ type: 'clear' });
    expect(log.retryOf(remove)).toEqual({ type: 'remove', keys: ['k'] });
    expect(log.retryOf(pattern)).toEqual({ type: 'pattern', pattern: 'k*' });
  });

  test('keeps nothing older than the oldest unsettled send, under a steady stream', () => {
    const log = new InFlightLog();
    let previous = log.add(update('k', 0));
    for (let i = 1; i < 1000; i++) {
      const ticket = log.add(update('k', i % 256));
      log.settle(previous);
      previous = ticket;
    }
    expect(log.size).toBe(1);
    log.settle(previous);
    expect(log.size).toBe(0);
  });
});
