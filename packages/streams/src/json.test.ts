import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { jsonFields, parseJsonEntry } from './json.js';

describe('JSON entries', () => {
  it('round-trips a value through one field', () => {
    const fields = jsonFields({ a: [1, 'b'] }, { field: 'body' });
    expect(fields).toEqual({ body: '{"a":[1,"b"]}' });
    expect(parseJsonEntry({ id: '1-0', fields }, { field: 'body' })).toEqual({ a: [1, 'b'] });
  });

  it('says what is wrong with entries it cannot read', () => {
    const missing = (() => {
      try {
        return parseJsonEntry({ id: '1-0', fields: { other: '1' } });
      } catch (error) {
        return error;
      }
    })();
    expect(isCacheError(missing, 'invalid-value')).toBe(true);
    expect(() => parseJsonEntry({ id: '1-0', fields: { json: '{' } })).toThrow(/not valid JSON/);
    expect(() => jsonFields(undefined)).toThrow(/cannot be written as JSON/);
  });
});
