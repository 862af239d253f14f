import { Buffer } from 'node:buffer';
import { CacheError } from '@multi-tier-cache/core';
import { expect, test } from 'vitest';
import { cacheKeys, trackedPrefixes } from './tracked-keys.js';

test('tracking true tracks the stores default prefix; prefixes come longest first', () => {
  expect(trackedPrefixes(true)).toEqual(['mtc:']);
  expect(trackedPrefixes({})).toEqual(['mtc:']);
  expect(trackedPrefixes({ prefixes: ['a:', 'app:b:'] })).toEqual(['app:b:', 'a:']);
  expect(trackedPrefixes(false)).toBeUndefined();
  expect(trackedPrefixes(undefined)).toBeUndefined();
});

test('an empty prefix, which would track all of Redis, is refused', () => {
  expect(() => trackedPrefixes({ prefixes: [''] })).toThrow(CacheError);
  expect(() => trackedPrefixes({ prefixes: [] })).toThrow(/tracking.prefixes/);
});

test('reported keys lose their prefix; keys under no prefix or only a prefix are left out', () => {
  const keys = ['mtc:user:1', 'shop:cart:2', 'other:3', 'mtc:', 'mtc:mtc:x'].map((key) =>
    Buffer.from(key),
  );
  expect(cacheKeys(keys, ['shop:', 'mtc:'])).toEqual(['user:1', 'cart:2', 'mtc:x']);
});
