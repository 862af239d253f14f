import { expect, test } from 'vitest';
import { compareStreamIds } from './stream-id.js';

test('compares stream ids by time, then sequence, as numbers', () => {
  expect(compareStreamIds('1700000000000-2', '1700000000000-10')).toBeLessThan(0);
  expect(compareStreamIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
  expect(compareStreamIds('5-5', '5-5')).toBe(0);
  expect(compareStreamIds('0-0', '1-0')).toBeLessThan(0);
  expect(compareStreamIds('18446744073709551615-0', '9007199254740993-0')).toBeGreaterThan(0);
});
