import { describe, expect, it } from 'vitest';
import { cappedBackoff } from './backoff.js';

describe('cappedBackoff', () => {
  it('doubles from initialMs up to maxMs', () => {
    const delay = cappedBackoff({ initialMs: 50, maxMs: 2000, random: () => 0 });
    expect([0, 1, 2, 3, 5, 6, 100].map(delay)).toEqual([50, 100, 200, 400, 1600, 2000, 2000]);
  });

  it('subtracts at most 20 % of jitter', () => {
    const delay = cappedBackoff({ maxMs: 1000, random: () => 1 });
    expect(delay(10)).toBe(800);
    expect(delay(-1)).toBe(40);
  });
});
