import { describe, expect, it } from 'vitest';
import { TagRegistry } from './tag-registry.js';

const meta = (writtenAt: number, ...tags: string[]) => ({
  freshMs: 1000,
  graceMs: 0,
  writtenAt,
  tags,
});

describe('TagRegistry', () => {
  it('invalidates an entry written at or before one of its tags times, not after', () => {
    const registry = new TagRegistry();
    registry.record('a', 100, 0);
    expect(registry.invalidates(meta(100, 'a'))).toBe(true);
    expect(registry.invalidates(meta(99, 'b', 'a'))).toBe(true);
    expect(registry.invalidates(meta(101, 'a'))).toBe(false);
    expect(registry.invalidates(meta(50, 'b'))).toBe(false);
  });

  it('keeps the later of two times', () => {
    const registry = new TagRegistry();
    registry.record('a', 200, 0);
    registry.record('a', 100, 0);
    expect(registry.invalidates(meta(150, 'a'))).toBe(true);
  });

  it('a forgotten tag still invalidates what was written before its time', () => {
    const registry = new TagRegistry();
    registry.record('first', 500, 0);
    for (let index = 0; index < 10_000; index++) registry.record(`tag:${index}`, 1, 0);
    expect(registry.isCurrent('first', 'live', 0)).toBe(false);
    expect(registry.invalidates(meta(400, 'first'))).toBe(true);
    expect(registry.invalidates(meta(600, 'first'))).toBe(false);
  });

  it('trusts a time learned under a live bus until a gap, and without a bus only briefly', () => {
    const registry = new TagRegistry();
    registry.record('a', 1, registry.epoch);
    registry.record('b', 1, undefined);
    expect(registry.isCurrent('a', 'live', 1000)).toBe(true);
    expect(registry.isCurrent('a', 'down', 1000)).toBe(false);
    expect(registry.isCurrent('b', 'none', 1000)).toBe(true);
    expect(registry.isCurrent('b', 'none', 0)).toBe(false);
    expect(registry.isCurrent('b', 'live', 1000)).toBe(false);
    registry.gap();
    expect(registry.isCurrent('a', 'live', 1000)).toBe(false);
  });

  it('takes a time far in the future as one minute ahead', () => {
    const registry = new TagRegistry();
    registry.record('a', Date.now() + 10 * 365 * 86_400_000, 0);
    expect(registry.invalidates(meta(Date.now() + 30_000, 'a'))).toBe(true);
    expect(registry.invalidates(meta(Date.now() + 120_000, 'a'))).toBe(false);
  });

  it('reads an entry as expired after its tag expired, invalidated when also invalidated', () => {
    const registry = new TagRegistry();
    registry.recordExpired('a', 100, 0);
    expect(registry.verdict(meta(100, 'a'))).toBe('expired');
    expect(registry.verdict(meta(101, 'a'))).toBe('live');
    expect(registry.verdict(meta(50, 'b', 'a'))).toBe('expired');
    registry.record('a', 80, 0);
    expect(registry.verdict(meta(70, 'a'))).toBe('invalidated');
    expect(registry.verdict(meta(90, 'a'))).toBe('expired');
  });

  it('an expiry learned alone does not make an unknown tag current, an invalidation does', () => {
    const registry = new TagRegistry();
    registry.recordExpired('a', 100, registry.epoch);
    expect(registry.isCurrent('a', 'live', 1000)).toBe(false);
    expect(registry.isCurrent('a', 'none', 1000)).toBe(false);
    registry.learn('a', 0, 100, registry.epoch);
    expect(registry.isCurrent('a', 'live', 1000)).toBe(true);
    registry.recordExpired('a', 200, registry.epoch);
    expect(registry.isCurrent('a', 'live', 1000)).toBe(true);
    expect(registry.verdict(meta(150, 'a'))).toBe('expired');
  });
});
