import { describe, expect, it } from 'vitest';
import { compileGlob } from '../src/index.js';

const KEY_COUNT = 2_000;
const KEY_LENGTH = 256;
/** The bound the hardening issue sets for a 1 KiB pattern against 2,000 keys of 256 characters. */
const BOUND_MS = 50;
const ATTEMPTS = 3;

function keysOf(make: (index: number) => string): string[] {
  return Array.from({ length: KEY_COUNT }, (_, index) => make(index));
}

/**
 * CPU time of compiling and matching, best of a few attempts: wall time on a loaded machine
 * measures the scheduler, and the first attempt includes the JIT warming up.
 */
function timeAll(pattern: string, keys: readonly string[]): { ms: number; matched: number } {
  let best = Number.POSITIVE_INFINITY;
  let matched = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const started = process.cpuUsage();
    const matcher = compileGlob(pattern);
    matched = 0;
    for (const key of keys) if (matcher.test(key)) matched++;
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { ms: best, matched };
}

const letters = keysOf((index) =>
  Array.from({ length: KEY_LENGTH }, (_, at) => String.fromCharCode(97 + ((index + at) % 26))).join(
    '',
  ),
);
const sameLetter = keysOf(() => 'a'.repeat(KEY_LENGTH));

describe('compileGlob on hostile 1 KiB patterns', () => {
  it.each([
    ['*? repeated, then !', `${'*?'.repeat(511)}!`, letters],
    ['*a repeated, then b', `${'*a'.repeat(511)}b`, sameLetter],
    [
      'a middle run that almost matches everywhere',
      `*${'a'.repeat(120)}b${'*'.repeat(902)}`,
      sameLetter,
    ],
    ['a long tail that almost matches', `*${'a'.repeat(1022)}b`, sameLetter],
    [
      'a run of ranges that almost matches everywhere',
      `*${'[a-c]'.repeat(100)}x${'*'.repeat(523)}`,
      sameLetter,
    ],
  ])('%s: 2,000 keys of 256 characters in under 50 ms', (_name, pattern, keys) => {
    expect(new TextEncoder().encode(pattern).length).toBeGreaterThanOrEqual(1023);
    const { ms, matched } = timeAll(pattern, keys);

    expect(matched).toBe(0);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});
