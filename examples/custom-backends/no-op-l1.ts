import type { L1Store } from '@multi-tier-cache/core';

/**
 * The Rust example's no-op cache as an {@link L1Store}: accepts every write and remembers nothing,
 * so every read goes to the shared tiers or the computation. Handy in tests that must not see
 * cached values, or to measure what the cache saves.
 *
 * @example
 * ```ts
 * const uncached = createCache({ l1: new NoOpL1() });
 * ```
 */
export class NoOpL1 implements L1Store {
  readonly name = 'no-op';
  readonly size = 0;

  get(_key: string): unknown {
    return undefined;
  }

  getWithTtl(_key: string): undefined {
    return undefined;
  }

  set(_key: string, _value: unknown, _ttlMs: number): void {}

  delete(_key: string): boolean {
    return false;
  }

  deleteMatching(_glob: string): number {
    return 0;
  }

  clear(): void {}
}
