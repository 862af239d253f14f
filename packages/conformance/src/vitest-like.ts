/**
 * The matchers the suites use. Vitest's `expect(...)` result satisfies it.
 *
 * @example
 * ```ts
 * const assertion: AssertionLike = vitest.expect(1);
 * assertion.toBe(1);
 * ```
 */
export interface AssertionLike {
  readonly not: AssertionLike;
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeUndefined(): void;
  toBeNull(): void;
  toBeTypeOf(
    type:
      | 'bigint'
      | 'boolean'
      | 'function'
      | 'number'
      | 'object'
      | 'string'
      | 'symbol'
      | 'undefined',
  ): void;
  toContain(item: unknown): void;
  toBeGreaterThan(expected: number): void;
  toBeGreaterThanOrEqual(expected: number): void;
  toBeLessThanOrEqual(expected: number): void;
}

/**
 * The part of the vitest module the suites use. Pass the module itself
 * (`import * as vitest from 'vitest'`), so the suites never import vitest and always use the copy
 * your test run loaded.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * const api: VitestLike = vitest;
 * ```
 */
export interface VitestLike {
  describe(name: string, factory: () => void | Promise<void>): unknown;
  it: {
    (name: string, fn: () => Promise<void> | void, timeout?: number): unknown;
    skip(name: string, fn: () => Promise<void> | void): unknown;
  };
  expect: (actual: unknown, message?: string) => AssertionLike;
  beforeAll(fn: () => Promise<unknown> | unknown, timeout?: number): unknown;
  afterAll(fn: () => Promise<unknown> | unknown, timeout?: number): unknown;
}
