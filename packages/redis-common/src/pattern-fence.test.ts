import { describe, expect, it } from 'vitest';
import { globToLuaPattern } from './pattern-fence.js';

describe('globToLuaPattern', () => {
  it('spells stars, question marks and escapes, and escapes every other punctuation', () => {
    expect(globToLuaPattern('mtc:user:*')).toBe('^mtc%:user%:.*$');
    expect(globToLuaPattern('a?b')).toBe('^a.b$');
    expect(globToLuaPattern('a\\*b%')).toBe('^a%*b%%$');
  });

  it('keeps classes, negation and ranges (in either order)', () => {
    expect(globToLuaPattern('k[abc]')).toBe('^k[abc]$');
    expect(globToLuaPattern('k[^a-c]')).toBe('^k[^a-c]$');
    expect(globToLuaPattern('k[z-a]')).toBe('^k[a-z]$');
    expect(globToLuaPattern('k[a\\]]')).toBe('^k[a%]]$');
  });

  it('widens a class Lua cannot spell to any byte, never narrows it', () => {
    expect(globToLuaPattern('k[]')).toBe('^k.$');
    expect(globToLuaPattern('k[%-]]')).toBe('^k.$');
    expect(globToLuaPattern('k[ab')).toBe('^k[ab]$');
  });
});
