import { describe, expect, it } from 'vitest';
import { escapeGlob } from './escape-glob.js';

describe('escapeGlob', () => {
  it('escapes every glob metacharacter and nothing else', () => {
    expect(escapeGlob('app[1]:*?\\x')).toBe('app\\[1\\]:\\*\\?\\\\x');
    expect(escapeGlob('mtc:')).toBe('mtc:');
  });
});
