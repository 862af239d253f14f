import { describe, expect, it } from 'vitest';
import { compileGlob, globToRegExp } from './glob.js';

// Every expectation below was checked against redis-server's SCAN MATCH.
describe('compileGlob', () => {
  it.each([
    ['user:*', 'user:42', true],
    ['user:*', 'users:42', false],
    ['h?llo', 'hello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['*', 'line\nbreak', true],
    ['[z-a]', 'm', true],
    ['[z-a]', 'A', false],
    ['[\\]]', ']', true],
    ['[a\\-z]', '-', true],
    ['[a\\-z]', 'm', false],
    ['[a-]', '^', true],
    ['[a-]', '-', false],
    ['[a-', '-', true],
    ['[a-\\', ']', true],
    ['[a-\\', '\\', true],
    ['[a\\', '\\', true],
    ['[]a]', 'a', false],
    ['[^]', 'x', true],
    ['[', '[', false],
    ['a[^', 'ab', true],
    ['[a', 'a', true],
    ['a\\', 'a\\', true],
    ['\\', '\\', true],
    ['**', 'x', true],
    ['a*', 'a', true],
    ['a*?', 'a', false],
    ['*b*', 'abc', true],
    ['*a*b*c', 'xaybzc', true],
    ['*a*b*c', 'xaybzcd', false],
  ])('%s matches %j: %s', (glob, key, expected) => {
    expect(compileGlob(glob).test(key)).toBe(expected);
  });

  it('matches the empty key only with an empty pattern or a lone star, as SCAN does', () => {
    expect(compileGlob('').test('')).toBe(true);
    expect(compileGlob('*').test('')).toBe(true);
    expect(compileGlob('**').test('')).toBe(false);
    expect(compileGlob('').test('a')).toBe(false);
  });

  it('counts bytes of UTF-8, not characters', () => {
    expect(compileGlob('?').test('é')).toBe(false);
    expect(compileGlob('??').test('é')).toBe(true);
    expect(compileGlob('caf*').test('café')).toBe(true);
    expect(compileGlob('*é').test('café')).toBe(true);
  });

  it('matches nothing past the 1001st run of stars, where Redis stops', () => {
    const key = 'a'.repeat(1001);
    expect(compileGlob('*a'.repeat(1000)).test(key)).toBe(true);
    expect(compileGlob(`${'*a'.repeat(1000)}*`).test(key)).toBe(true);
    expect(compileGlob('*a'.repeat(1001)).test(key)).toBe(false);
  });

  it('keeps globToRegExp as an alias returning the same matcher', () => {
    expect(globToRegExp('user:*').test('user:1')).toBe(true);
    expect(globToRegExp('user:*').source).toBe('user:*');
  });
});
