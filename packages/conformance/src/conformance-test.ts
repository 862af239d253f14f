import type { VitestLike } from './vitest-like.js';

/**
 * One named behaviour of a suite. `ruledOutBy` returns why the implementation's declared
 * capabilities make the test inapplicable, or undefined when it applies.
 */
export interface ConformanceTest<Context, Capabilities = unknown> {
  readonly name: string;
  readonly run: (context: Context) => Promise<void>;
  /** Per-test timeout in milliseconds, for tests that wait on expiry. */
  readonly timeout?: number;
  readonly ruledOutBy?: (capabilities: Capabilities) => string | undefined;
}

/** Skip list of a suite: test name as written in the suite → why it does not apply. */
export type SkipList = Readonly<Record<string, string>>;

/**
 * Throws when `skip` names a test the suite does not have, so a typo cannot silently run a test
 * the caller meant to skip.
 */
export function assertKnownSkips(
  suite: string,
  names: readonly string[],
  skip: SkipList | undefined,
): void {
  if (skip === undefined) return;
  const known = new Set(names);
  for (const [name, reason] of Object.entries(skip)) {
    if (!known.has(name)) {
      const list = names.map((n) => `"${n}"`).join(', ');
      throw new Error(`${suite}: skip names an unknown test "${name}"; use one of: ${list}`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`${suite}: skip "${name}" needs a reason (a non-empty string)`);
    }
  }
}

/**
 * Registers `tests` with vitest. A test listed in `skip`, or ruled out by `capabilities`, is
 * registered as skipped with the reason in its title; the others run through `execute`, which
 * sets up and tears down the test's context.
 */
export function registerTests<Context, Capabilities>(
  vitest: VitestLike,
  tests: readonly ConformanceTest<Context, Capabilities>[],
  skip: SkipList | undefined,
  capabilities: Capabilities,
  execute: (run: (context: Context) => Promise<void>) => Promise<void>,
): void {
  for (const test of tests) {
    const reason = skip?.[test.name] ?? test.ruledOutBy?.(capabilities);
    if (reason !== undefined) {
      vitest.it.skip(`${test.name} [skipped: ${reason}]`, () => {});
    } else {
      vitest.it(test.name, () => execute(test.run), test.timeout);
    }
  }
}
