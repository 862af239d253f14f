import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 10, 100].map((n) => backoffDelay(n, 50, 1000, none))).toEqual([
      50, 100, 200, 400, 1000, 1000,
    ]);
  });

  it('subtracts at most 20% jitter', () => {
    expect(backoffDelay(0, 100, 1000, () => 1)).toBe(80);
  });
});
