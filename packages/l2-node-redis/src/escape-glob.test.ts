import { describe, expect, it } from 'vitest';
import { escapeGlob } from './escape-glob.js';

describe('escapeGlob', () => {
  it('escapes *, ?, [, ] and backslash', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });

  it('leaves ordinary prefixes alone', () => {
    expect(escapeGlob('mtc:users-v2:')).toBe('mtc:users-v2:');
  });
});
