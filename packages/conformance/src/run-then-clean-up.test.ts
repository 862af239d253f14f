import { describe, expect, it } from 'vitest';
import { runThenCleanUp } from './run-then-clean-up.js';

describe('runThenCleanUp', () => {
  it('cleans up after a passing test and reports a cleanup failure', async () => {
    const cleaned: string[] = [];
    await expect(
      runThenCleanUp(
        async () => {},
        () => [
          Promise.resolve().then(() => cleaned.push('a')),
          Promise.reject(new Error('close failed')),
        ],
      ),
    ).rejects.toThrow('close failed');
    expect(cleaned).toEqual(['a']);
  });

  it('cleans up after a failing test and keeps the test error', async () => {
    let cleaned = false;
    await expect(
      runThenCleanUp(
        async () => {
          throw new Error('assertion failed');
        },
        () => [
          Promise.resolve().then(() => {
            cleaned = true;
          }),
          Promise.reject(new Error('close failed')),
        ],
      ),
    ).rejects.toThrow('assertion failed');
    expect(cleaned).toBe(true);
  });
});
